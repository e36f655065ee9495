"""A workspace: the folder a partnership works in, with its settings, directory, meetings and store.

::

    partnerpack.yaml        settings (see settings.py)
    partners.yaml           the partner directory
    meetings/               meeting files
    returns/inbox/          completed forms waiting to be collected
    returns/quarantine/     files that were refused, kept aside
    output/                 packs and registers
    store/partnerpack.db    the store (default store_url)
    store/originals/        every returned file exactly as received
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ...schemas.errors import PartnerpackError
from ..common import atomic_write
from ..store import Store, open_store, parse_store_url
from .settings import CONFIG_FILE, WorkspaceConfig, load_config, parse_config, render_config

PARTNERS_FILE = "partners.yaml"
DEFAULT_PARTNERSHIP = "Example Safeguarding Children Partnership"
FOLDERS = ("meetings", "returns/inbox", "returns/quarantine", "output", "store", "store/originals")


class WorkspaceError(PartnerpackError):
    """A workspace that cannot be found or made."""


class WorkspaceExists(WorkspaceError):
    """``init`` was pointed at a folder that already holds a workspace."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists; partnerpack will not overwrite a workspace.")


class WorkspaceNotFound(WorkspaceError):
    """No partnerpack.yaml in a folder or any folder above it."""

    def __init__(self, start: Path, searched: list[Path]) -> None:
        self.start = start
        self.searched = searched
        super().__init__(f"No {CONFIG_FILE} in {start} or any folder above it (looked in "
                         f"{', '.join(str(p) for p in searched)}). Run 'partnerpack init' to make a workspace.")


@dataclass(frozen=True)
class Workspace:
    """A workspace folder and its validated settings; the paths below are where each thing lives."""

    root: Path
    config: WorkspaceConfig

    @classmethod
    def load(cls, root: Path) -> "Workspace":
        """The workspace at ``root``; raise ConfigInvalid if its partnerpack.yaml is wrong."""
        root = Path(root).resolve()
        return cls(root, load_config(root / CONFIG_FILE))

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def partners_file(self) -> Path:
        return self.root / PARTNERS_FILE

    @property
    def meetings_dir(self) -> Path:
        return self.root / "meetings"

    @property
    def inbox_dir(self) -> Path:
        return self.root / "returns" / "inbox"

    @property
    def quarantine_dir(self) -> Path:
        return self.root / "returns" / "quarantine"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def originals_dir(self) -> Path:
        return self.root / "store" / "originals"

    @property
    def store_url(self) -> str:
        """The store URL with a relative SQLite path made absolute from the workspace folder."""
        return parse_store_url(self.config.store_url, base_dir=self.root).url

    def open_store(self) -> Store:
        """Open this workspace's store, creating it on first use."""
        return open_store(self.store_url, originals_dir=self.originals_dir)


def init_workspace(path: Path, *, partnership: str = DEFAULT_PARTNERSHIP) -> Workspace:
    """Make a new workspace at ``path`` with default settings and a fictional starter directory.

    Refuses (WorkspaceExists) if ``path`` already has a partnerpack.yaml or
    partners.yaml. The settings file is written last, so a workspace
    interrupted half-way is not mistaken for a finished one.
    """
    root = Path(path).resolve()
    config_file = root / CONFIG_FILE
    parse_config({"partnership": partnership}, str(config_file))  # refuse a bad name before writing anything
    for existing in (config_file, root / PARTNERS_FILE):
        if existing.exists():
            raise WorkspaceExists(existing)
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    atomic_write(root / PARTNERS_FILE, starter_directory(partnership).encode("utf-8"))
    atomic_write(config_file, render_config(partnership).encode("utf-8"))
    return Workspace.load(root)


def find_workspace(start: Path) -> Workspace:
    """The workspace holding ``start`` (a folder or file): it or the nearest folder above with partnerpack.yaml."""
    begin = Path(start).resolve()
    if begin.is_file():
        begin = begin.parent
    searched = []
    for folder in (begin, *begin.parents):
        searched.append(folder)
        if (folder / CONFIG_FILE).is_file():
            return Workspace.load(folder)
    raise WorkspaceNotFound(begin, searched)


def starter_directory(partnership: str) -> str:
    """A tiny partner directory to edit: three fictional people at invented agencies."""
    return "# A fictional starter directory: replace these people with your partnership's own.\n" + yaml.safe_dump(
        {"partnership": partnership, "partners": _STARTER_PARTNERS}, sort_keys=False, allow_unicode=True)


_STARTER_PARTNERS = [
    {"id": "P001", "name": "Alex Example", "role": "Local Authority Designated Officer",
     "agency": "Example Council LADO Service", "agency_type": "lado", "email": "alex.example@council.example.org",
     "phone": "01632 960001", "tier": 1},
    {"id": "P002", "name": "DS Sam Sample", "role": "Detective Sergeant, Child Protection",
     "agency": "Example Constabulary", "agency_type": "police", "email": "sam.sample@police.example.org",
     "phone": "01632 960002", "preferred_contact": "phone", "tier": 1},
    {"id": "P003", "name": "Jo Placeholder", "role": "Designated Nurse for Safeguarding",
     "agency": "Example Health NHS Trust", "agency_type": "health", "email": "jo.placeholder@health.example.org",
     "phone": "01632 960003", "tier": 2},
]
