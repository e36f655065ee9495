"""`partnerpack demo`: a whole fictional partnership year, from packs to the annual review, using the same
library calls the real commands use; its invented people and meetings are in ``data/``.
"""
from .run import DemoFolderNotEmpty, DemoResult, new_demo_folder, run_demo

__all__ = ["DemoFolderNotEmpty", "DemoResult", "new_demo_folder", "run_demo"]
