"""A workspace is made once, found from anywhere inside it, and its settings are checked with clear errors."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from partnerpack.generator.common import load_directory
from partnerpack.generator.workspace import (ConfigInvalid, Limits, Workspace, WorkspaceExists, WorkspaceNotFound,
                                             find_workspace, init_workspace)
from partnerpack.schemas.errors import PartnerpackError


def write_config(root: Path, text: str) -> Path:
    path = root / "partnerpack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_init_makes_the_folders_settings_and_a_valid_starter_directory(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "north-vale", partnership="North Vale Safeguarding Children Partnership")

    root = (tmp_path / "north-vale").resolve()
    assert workspace.root == root
    for folder in ("meetings", "returns/inbox", "returns/quarantine", "output", "store", "store/originals"):
        assert (root / folder).is_dir(), folder
    config = workspace.config
    assert config.partnership == "North Vale Safeguarding Children Partnership"
    assert config.store_url == "sqlite:///store/partnerpack.db"
    assert config.limits == Limits(max_file_mb=20, max_uncompressed_mb=50, max_pages=50)
    assert config.jobs == (os.cpu_count() or 1)
    directory = load_directory(workspace.partners_file)
    assert directory["partnership"] == config.partnership and len(directory["partners"]) >= 2


def test_workspace_paths_point_inside_the_workspace(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path)
    root = tmp_path.resolve()
    assert workspace.store_url == f"sqlite:///{root / 'store' / 'partnerpack.db'}"
    assert workspace.originals_dir == root / "store" / "originals"
    assert workspace.quarantine_dir == root / "returns" / "quarantine"
    assert workspace.inbox_dir == root / "returns" / "inbox"
    assert workspace.output_dir == root / "output"
    assert workspace.meetings_dir == root / "meetings"
    assert workspace.partners_file == root / "partners.yaml"
    with workspace.open_store() as store:
        assert store.counts()["returns"] == 0
    assert (root / "store" / "partnerpack.db").is_file()


def test_init_refuses_to_overwrite_an_existing_workspace(tmp_path: Path) -> None:
    init_workspace(tmp_path, partnership="First")
    with pytest.raises(WorkspaceExists, match="partnerpack.yaml") as caught:
        init_workspace(tmp_path, partnership="Second")
    assert isinstance(caught.value, PartnerpackError)
    assert Workspace.load(tmp_path).config.partnership == "First"


def test_init_refuses_to_overwrite_a_partner_directory_already_there(tmp_path: Path) -> None:
    (tmp_path / "partners.yaml").write_text("partnership: Ours\n", encoding="utf-8")
    with pytest.raises(WorkspaceExists, match="partners.yaml"):
        init_workspace(tmp_path)
    assert (tmp_path / "partners.yaml").read_text(encoding="utf-8") == "partnership: Ours\n"
    assert not (tmp_path / "partnerpack.yaml").exists()


def test_init_refuses_an_empty_partnership_name_before_writing_anything(tmp_path: Path) -> None:
    with pytest.raises(ConfigInvalid, match="partnership"):
        init_workspace(tmp_path / "ws", partnership="")
    assert not (tmp_path / "ws").exists()


def test_a_partnership_name_with_awkward_characters_survives(tmp_path: Path) -> None:
    name = "Smith & Sons: \"North\" Vale's #1 Partnership"
    assert init_workspace(tmp_path, partnership=name).config.partnership == name
    assert load_directory(tmp_path / "partners.yaml")["partnership"] == name


def test_the_workspace_is_found_from_a_nested_subfolder(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws")
    nested = tmp_path / "ws" / "returns" / "inbox" / "october"
    nested.mkdir()
    assert find_workspace(nested).root == (tmp_path / "ws").resolve()
    returned = nested / "contribution-P003.pdf"
    returned.write_bytes(b"%PDF")
    assert find_workspace(returned).root == (tmp_path / "ws").resolve()


def test_a_missing_workspace_names_where_it_looked(tmp_path: Path) -> None:
    start = tmp_path / "not" / "a" / "workspace"
    start.mkdir(parents=True)
    with pytest.raises(WorkspaceNotFound) as caught:
        find_workspace(start)
    error = caught.value
    assert isinstance(error, PartnerpackError)
    assert error.searched[0] == start.resolve() and error.searched[1] == start.resolve().parent
    assert str(start.resolve()) in str(error) and "partnerpack.yaml" in str(error)


@pytest.mark.parametrize("text, field", [
    ("partnership: Vale\nlimits:\n  max_pages: 0\n", "limits.max_pages"),
    ("partnership: Vale\nlimits:\n  max_file_mb: lots\n", "limits.max_file_mb"),
    ("partnership: Vale\njobs: many\n", "jobs"),
    ("partnership: Vale\nstore_url: /tmp/x.db\n", "store_url"),
    ("partnership: Vale\nstroe_url: sqlite:///x.db\n", "stroe_url"),
    ("store_url: sqlite:///x.db\n", "partnership"),
])
def test_config_errors_name_the_file_and_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigInvalid) as caught:
        find_workspace(tmp_path)
    assert caught.value.source == str(path)
    assert field in [problem.field for problem in caught.value.problems]
    assert str(path) in str(caught.value) and field in str(caught.value)


def test_a_config_that_is_not_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write_config(tmp_path, "partnership: Vale\nlimits: [unclosed\n")
    with pytest.raises(ConfigInvalid, match="line") as caught:
        Workspace.load(tmp_path)
    assert caught.value.source == str(path)


def test_a_config_that_is_a_list_is_explained(tmp_path: Path) -> None:
    write_config(tmp_path, "- partnership\n")
    with pytest.raises(ConfigInvalid, match="name: value"):
        Workspace.load(tmp_path)


def test_missing_settings_take_their_defaults_and_jobs_can_be_set(tmp_path: Path) -> None:
    write_config(tmp_path, "partnership: Vale\njobs: 3\nlimits:\n  max_pages: 10\n")
    config = Workspace.load(tmp_path).config
    assert config.jobs == 3
    assert config.limits == Limits(max_file_mb=20, max_uncompressed_mb=50, max_pages=10)
    assert config.store_url == "sqlite:///store/partnerpack.db"
