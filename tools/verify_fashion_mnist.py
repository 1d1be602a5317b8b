#!/usr/bin/env python3
"""Checks the Fashion-MNIST SHA-256 values of src/DiyNet/Data/Download/DatasetCatalog.cs against local files.

Debian's dataset-fashion-mnist package ships the upstream .gz files with their gzip headers normalized by
strip-nondeterminism: the FNAME field (the original file name) is dropped and the time stamp replaced; the
compressed data is untouched. Putting the original name and time stamp back rebuilds the published files byte for
byte. The script prints, for each file, the md5 (to compare with the one in Zalando's README) and the SHA-256 (to
compare with the catalog), and exits non-zero on a difference.

    apt-get install dataset-fashion-mnist
    /usr/bin/python3 tools/verify_fashion_mnist.py [/usr/share/datasets/fashion-mnist]
"""
import hashlib
import re
import sys
from pathlib import Path

# Time stamps of the published files (2017-08-31 10:50:06 and 10:50:27 UTC), found by matching the published md5.
MTIME = {"train": 1504176606, "t10k": 1504176627}
# md5 values published in Zalando Research's README (and used by torchvision).
MD5 = {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}


def catalog_sha256():
    text = (Path(__file__).resolve().parent.parent / "src/DiyNet/Data/Download/DatasetCatalog.cs").read_text()
    block = text[text.index("FashionMnist { get; }"):]
    return dict(re.findall(r'new\("([^"]+)", "([0-9a-f]{64})"', block)[:4])


def rebuild(debian_gz: bytes, name: str, mtime: int) -> bytes:
    if debian_gz[:4] != b"\x1f\x8b\x08\x00":
        raise SystemExit(f"{name}: unexpected gzip header {debian_gz[:4].hex()} (expected no FNAME flag)")
    return b"\x1f\x8b\x08\x08" + mtime.to_bytes(4, "little") + debian_gz[8:10] + name.encode() + b"\0" + debian_gz[10:]


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
    expected = catalog_sha256()
    failures = 0
    for file_name, md5 in MD5.items():
        data = rebuild((folder / file_name).read_bytes(), file_name[:-3], MTIME[file_name.split("-")[0]])
        got_md5 = hashlib.md5(data).hexdigest()
        got_sha = hashlib.sha256(data).hexdigest()
        ok = got_md5 == md5 and got_sha == expected[file_name]
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {file_name} {len(data)} bytes md5 {got_md5} sha256 {got_sha}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
