"""Meeting packs: the Word documents and every partner's pre-filled forms, written whole or not at all,
recorded in the store as issued; and action-update packs for the owners of open actions.
"""
from .documents import build_meeting_context, render_document
from .pack import MANIFEST_NAME, Pack, PackedForm, build_pack
from .registration import issued_forms, pack_into_workspace, register_pack
from .updates import build_update_pack, owner_id

__all__ = ["build_meeting_context", "render_document", "MANIFEST_NAME", "Pack", "PackedForm", "build_pack",
           "issued_forms", "pack_into_workspace", "register_pack", "build_update_pack", "owner_id"]
