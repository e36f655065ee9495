import click
from importlib.metadata import version
@click.group()
@click.version_option(version("partnerpack"))
def main():
    """x"""
