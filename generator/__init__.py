"""partnerpack's working parts: one package per capability (packs, collect, tracking, register, review,
schedule, demo) over the workspace, the store and what they all share (common, templating); the Click
commands sit on top, in ``commands``, with ``cli.main`` as the entry point. docs/ARCHITECTURE.md is the map.
"""
