"""The workspace: the folder a partnership works in, its settings file (partnerpack.yaml) and where each thing
lives in it, including the store it opens.
"""
from .folder import (
                     DEFAULT_PARTNERSHIP,
                     PARTNERS_FILE,
                     Workspace,
                     WorkspaceError,
                     WorkspaceExists,
                     WorkspaceNotFound,
                     find_workspace,
                     init_workspace,
)
from .settings import CONFIG_FILE, ConfigInvalid, Limits, WorkspaceConfig

__all__ = ["DEFAULT_PARTNERSHIP", "PARTNERS_FILE", "Workspace", "WorkspaceError", "WorkspaceExists",
           "WorkspaceNotFound", "find_workspace", "init_workspace",
           "CONFIG_FILE", "ConfigInvalid", "Limits", "WorkspaceConfig"]
