"""Naming a bucket puts uploads on S3-compatible storage, private and reached only through views."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]

SHOW_STORAGE = """
import json, django
django.setup()
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({"class": type(storage).__module__ + "." + type(storage).__name__,
                  "bucket": getattr(storage, "bucket_name", None),
                  "endpoint": getattr(storage, "endpoint_url", None),
                  "acl": getattr(storage, "default_acl", None),
                  "signed": getattr(storage, "querystring_auth", None)}))
"""


def _default_storage(**variables):
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env.update(DJANGO_SETTINGS_MODULE="governance.settings", DJANGO_DEBUG="1", **variables)
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW_STORAGE],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_a_named_bucket_selects_private_unsigned_s3_storage():
    storage = _default_storage(
        AWS_STORAGE_BUCKET_NAME="cnnum-uploads", AWS_S3_ENDPOINT_URL="https://s3.example.fr"
    )
    assert storage == {
        "class": "storages.backends.s3.S3Storage",
        "bucket": "cnnum-uploads",
        "endpoint": "https://s3.example.fr",
        "acl": "private",
        "signed": False,
    }


def test_without_a_bucket_uploads_stay_on_the_local_disk():
    assert _default_storage()["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
