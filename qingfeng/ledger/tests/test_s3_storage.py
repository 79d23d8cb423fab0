"""Uploads and job files in S3-compatible storage (QF_S3_BUCKET), against moto's local S3 server: stored
privately in the bucket, leaving only through the permission-checked views. (Here, not in core/tests: it
drives the ledger's views, which core may not import.)"""

import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import quote

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from openpyxl import load_workbook

from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.core.tests.test_backup import ROOT, SOUND, _archive
from qingfeng.ledger.models import Evidence
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.tests.test_evidence_upload import PDF

BUCKET, PREFIX = "qingfeng-test", "site-a"
KEYS = {"QF_S3_ACCESS_KEY": "test-access", "QF_S3_SECRET_KEY": "test-secret", "QF_S3_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def default_storage_setting(endpoint):
    """STORAGES["default"] as qingfeng/settings.py builds it from the QF_S3_* variables."""
    env = {**os.environ, **KEYS, "QF_S3_BUCKET": BUCKET, "QF_S3_ENDPOINT_URL": endpoint, "QF_S3_PREFIX": PREFIX,
           "DJANGO_SETTINGS_MODULE": "qingfeng.settings"}
    shown = subprocess.run(
        [sys.executable, "-c", "import json; from django.conf import settings; "
                               "print(json.dumps(settings.STORAGES['default']))"],
        env=env, capture_output=True, text=True, check=True)
    return json.loads(shown.stdout)


@pytest.fixture
def bucket(endpoint, default_storage_setting, settings):
    s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEYS["QF_S3_ACCESS_KEY"],
                      aws_secret_access_key=KEYS["QF_S3_SECRET_KEY"], region_name=KEYS["QF_S3_REGION"])
    s3.create_bucket(Bucket=BUCKET)
    # Django resets its storages when STORAGES changes (django.test.signals.storages_changed).
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting}
    yield s3
    for found in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=found["Key"])
    s3.delete_bucket(Bucket=BUCKET)


def keys(s3) -> set[str]:
    return {found["Key"] for found in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def unsigned_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def local_files(settings) -> list:
    media = settings.MEDIA_ROOT
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_settings_make_private_never_overwritten_s3_storage(default_storage_setting, endpoint):
    assert default_storage_setting == {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": endpoint, "access_key": "test-access", "secret_key": "test-secret",
        "region_name": "us-east-1", "location": PREFIX, "default_acl": None, "querystring_auth": True,
        "file_overwrite": False}}


def test_evidence_goes_into_the_bucket_privately_and_out_only_through_the_view(
        campaign, world, login, bucket, endpoint, settings):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    page = login(world.alice_user).post(reverse("evidence_upload", args=[rectification.pk]),
                                        {"note": "", "file": SimpleUploadedFile("学习笔记.pdf", PDF)})
    assert page.status_code == 302
    evidence = Evidence.objects.get()
    key = f"{PREFIX}/{evidence.file.name}"
    assert keys(bucket) == {key} and not local_files(settings)
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF

    download = login(world.alice_user).get(reverse("evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert login(world.sec_b).get(reverse("evidence_download", args=[evidence.pk])).status_code == 404
    # The object is private: its plain address refuses a request without a signature; signed, it answers.
    assert unsigned_get(f"{endpoint}/{BUCKET}/{quote(key)}") == 403
    assert unsigned_get(default_storage.url(evidence.file.name)) == 200


def test_a_background_export_lands_in_the_bucket_and_downloads(
        campaign, world, login, bucket, settings, django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    settings.EXPORT_SYNC_MAX_ROWS = 1
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    for measure in ["制定学习计划", "撰写学习笔记"]:
        RectificationFactory(problem=problem, measure=measure)
    client = login(world.sec_a)
    was, HUEY.immediate = HUEY.immediate, True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("ledger_export"))
    finally:
        HUEY.immediate = was
    job = Job.objects.get()
    assert job.status == "done", job.error
    assert keys(bucket) == {f"{PREFIX}/{job.file.name}"} and not local_files(settings)
    assert not list((jobs._staging() / jobs.EXPORTS).glob(f"{job.pk}-*"))  # the local copy is gone

    download = client.get(reverse("export_job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert {row[3] for row in sheet.iter_rows(min_row=3, values_only=True)} == {"制定学习计划", "撰写学习笔记"}
    assert login(world.sec_b).get(reverse("export_job_download", args=[job.pk])).status_code == 404

    # Expired, the job takes its object with it.
    Job.objects.filter(pk=job.pk).update(finished_at=job.finished_at - timedelta(days=settings.JOB_FILES_DAYS + 1))
    assert jobs.delete_expired() == 1 and not keys(bucket)


def test_with_a_bucket_the_backup_holds_the_database_only_and_restore_refuses_files(endpoint, bucket, tmp_path):
    """The bucket is backed up by the object store's own tools (docs/deploy.md): `backup` says so, and
    `restore` will not put an archive's files on the local disk, where an install using a bucket never reads."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QF_")}
    env.update(KEYS, QF_S3_BUCKET=BUCKET, QF_S3_ENDPOINT_URL=endpoint, QF_S3_PREFIX=PREFIX,
               QF_DATA_DIR=str(tmp_path / "data"))

    def manage(*args):
        return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True,
                              text=True, timeout=120, check=False)

    saved = manage("shell", "-c", "from django.core.management import call_command; from django.core.files.base "
                   "import ContentFile; from django.core.files.storage import default_storage as s; "
                   "call_command('migrate', verbosity=0); s.save('evidence/学习笔记.pdf', ContentFile(b'%PDF-1.4'))")
    assert saved.returncode == 0, saved.stderr
    archive = tmp_path / "backup.tar.gz"
    done = manage("backup", str(archive))
    assert done.returncode == 0 and "只含数据库" in done.stderr and "对象存储" in done.stderr
    with tarfile.open(archive) as tar:
        assert tar.getnames() == ["database.sqlite3", "manifest.json"]
        assert json.load(tar.extractfile("manifest.json"))["files_in_object_store"] is True
    assert f"{PREFIX}/evidence/学习笔记.pdf" in keys(bucket)

    with_files = _archive(tmp_path / "with-files.tar.gz", SOUND)
    refused = manage("restore", "--force", str(with_files))
    assert refused.returncode == 1 and "含有 1 个文件" in refused.stderr and "QF_S3_BUCKET" in refused.stderr
    assert not (tmp_path / "data" / "media").exists() or not any((tmp_path / "data" / "media").rglob("*.png"))
