"""Seeds every lab registry through the Registry HTTP API (no daemon): blobs by monolithic
POST+PUT, Docker v2 / OCI manifests, and OCI indexes with chosen platforms."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

from tests.lab import LabRegistry

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
TIMEOUT_S = 10
DEVCONTAINERS_CONFIG = "application/vnd.devcontainers"
DEVCONTAINERS_LAYER = "application/vnd.devcontainers.layer.v1+tar"
HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json"
HELM_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
TITLE = "org.opencontainers.image.title"


def digest(data: bytes) -> str:
    """The sha256 digest string of `data`."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Blob:
    """A blob to upload and its descriptor."""

    data: bytes
    media_type: str

    @property
    def digest(self) -> str:
        return digest(self.data)

    def descriptor(self) -> dict:
        return {"mediaType": self.media_type, "size": len(self.data), "digest": self.digest}


def layer_tar(text: str) -> tuple[bytes, str]:
    """A reproducible gzipped tar with one file `hello.txt`, and its uncompressed diff_id
    (the demo registry's own layers, made the same way)."""
    from tui.demo.registry import layer_tar as demo_layer

    return demo_layer(text)


def image(
    text: str, arch: str, *, oci: bool, variant: str | None = None
) -> tuple[list[Blob], Blob]:
    """The blobs (config, layer) and the manifest of a one-layer linux/`arch` image."""
    gz, diff_id = layer_tar(text)
    config = {
        "architecture": arch,
        "os": "linux",
        "config": {"Cmd": ["/hello.txt"]},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created_by": "registry-doctor test lab"}],
    }
    if variant:
        config["variant"] = variant
    config_blob = Blob(
        json.dumps(config, sort_keys=True).encode(), OCI_CONFIG if oci else DOCKER_CONFIG
    )
    layer = Blob(gz, OCI_LAYER if oci else DOCKER_LAYER)
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST if oci else DOCKER_MANIFEST,
        "config": config_blob.descriptor(),
        "layers": [layer.descriptor()],
    }
    return [config_blob, layer], Blob(
        json.dumps(manifest, indent=2).encode(), manifest["mediaType"]
    )


def artifact(
    config: Blob, layers: list[tuple[Blob, dict[str, str]]], annotations: dict[str, str]
) -> tuple[list[Blob], Blob]:
    """The blobs and the OCI manifest of a non-image artifact, laid out the way the dev
    containers CLI (`oras push --manifest-config …:application/vnd.devcontainers`) and Helm
    publish theirs: an OCI image manifest whose config and layer media types say what it is."""
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": config.descriptor(),
        "layers": [{**blob.descriptor(), "annotations": notes} for blob, notes in layers],
        "annotations": annotations,
    }
    blobs = [config, *(blob for blob, _ in layers)]
    return blobs, Blob(json.dumps(manifest, indent=2).encode(), OCI_MANIFEST)


def devcontainer_artifact(kind: str, name: str) -> tuple[list[Blob], Blob]:
    """A Feature (`kind` "feature") or Template ("template") as the dev containers CLI
    publishes it: config `application/vnd.devcontainers`, one tarball layer
    `devcontainer-<kind>-<name>.tgz` of type `application/vnd.devcontainers.layer.v1+tar`."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        payload = json.dumps({"id": name, "version": "1.0.0"}).encode()
        info = tarfile.TarInfo(f"devcontainer-{kind}.json")
        info.size, info.mtime, info.mode = len(payload), 0, 0o644
        tar.addfile(info, io.BytesIO(payload))
    layer = Blob(raw.getvalue(), DEVCONTAINERS_LAYER)
    title = f"devcontainer-{kind}-{name}.tgz"
    return artifact(Blob(b"{}", DEVCONTAINERS_CONFIG), [(layer, {TITLE: title})],
                    {"dev.containers.metadata": json.dumps({"id": name})})


def helm_chart(name: str, version: str) -> tuple[list[Blob], Blob]:
    """A Helm chart as `helm push` stores it: config `…helm.config.v1+json`, one chart layer."""
    chart, _ = layer_tar(f"apiVersion: v2\nname: {name}\nversion: {version}\n")
    config = json.dumps({"apiVersion": "v2", "name": name, "version": version}).encode()
    return artifact(Blob(config, HELM_CONFIG), [(Blob(chart, HELM_LAYER), {})],
                    {TITLE: name, "org.opencontainers.image.version": version})


ARTIFACTS = {
    "devcontainers/features/node": ("1", lambda: devcontainer_artifact("feature", "node")),
    "devcontainers/templates/python": ("latest",
                                       lambda: devcontainer_artifact("template", "python")),
    "team/tool": ("1.0", lambda: devcontainer_artifact("feature", "tool")),
    "charts/web": ("0.1.0", lambda: helm_chart("web", "0.1.0")),
}
"""Non-image artifacts seeded beside the images: repository -> (tag, blobs and manifest).
`team/tool` is a Feature at a path that does not look like one (only its manifest tells)."""


PLATFORMS = {"amd64": ("amd64", None), "arm64": ("arm64", "v8")}


class Seeder:
    """Pushes blobs and manifests into one registry as a user with push rights."""

    def __init__(self, registry: LabRegistry, user: str, ca_file: Path | None):
        self.registry = registry
        self.user = user
        self.session = requests.Session()
        self.session.verify = str(ca_file) if ca_file else True
        self.session.trust_env = False
        self.auth_header: dict[str, str] = {}

    def url(self, path: str) -> str:
        return f"{self.registry.url}{path}"

    def authorize(self, repo: str) -> None:
        """Get an Authorization header with push+pull on `repo` (Basic or Bearer)."""
        password = self.registry.users[self.user]
        probe = self.session.get(self.url("/v2/"), timeout=TIMEOUT_S)
        challenge = probe.headers.get("WWW-Authenticate", "")
        if challenge.lower().startswith("bearer"):
            params = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
            answer = self.session.get(
                params["realm"],
                params={
                    "service": params.get("service", ""),
                    "scope": f"repository:{repo}:pull,push",
                },
                auth=(self.user, password),
                timeout=TIMEOUT_S,
            )
            answer.raise_for_status()
            self.auth_header = {"Authorization": f"Bearer {answer.json()['token']}"}
        else:
            self.session.auth = (self.user, password)
            self.auth_header = {}

    def request(self, method: str, path_or_url: str, **kwargs) -> requests.Response:
        url = path_or_url if path_or_url.startswith("http") else self.url(path_or_url)
        headers = {**self.auth_header, **kwargs.pop("headers", {})}
        answer = self.session.request(method, url, headers=headers, timeout=TIMEOUT_S, **kwargs)
        return answer

    def put_blob(self, repo: str, blob: Blob) -> None:
        """Upload `blob` monolithically: POST to open an upload, then PUT it with the digest."""
        start = self.request("POST", f"/v2/{repo}/blobs/uploads/")
        if start.status_code != 202:
            raise RuntimeError(
                f"seed {self.registry.name}: upload start {start.status_code} {start.text[:200]}"
            )
        location = urljoin(self.url("/"), start.headers["Location"])
        sep = "&" if "?" in location else "?"
        done = self.request(
            "PUT",
            f"{location}{sep}digest={blob.digest}",
            data=blob.data,
            headers={"Content-Type": "application/octet-stream"},
        )
        if done.status_code != 201:
            raise RuntimeError(
                f"seed {self.registry.name}: blob put {done.status_code} {done.text[:200]}"
            )

    def put_manifest(self, repo: str, reference: str, manifest: Blob) -> str:
        """PUT a manifest or index under a tag or digest; returns its digest."""
        done = self.request(
            "PUT",
            f"/v2/{repo}/manifests/{reference}",
            data=manifest.data,
            headers={"Content-Type": manifest.media_type},
        )
        if done.status_code != 201:
            raise RuntimeError(
                f"seed {self.registry.name}: manifest {repo}:{reference} "
                f"{done.status_code} {done.text[:300]}"
            )
        return manifest.digest

    def push_image(self, repo: str, tag: str, text: str, arch: str = "amd64") -> str:
        """A single-platform Docker v2 schema 2 image."""
        blobs, manifest = image(text, arch, oci=False)
        for blob in blobs:
            self.put_blob(repo, blob)
        return self.put_manifest(repo, tag, manifest)

    def push_artifact(self, repo: str, tag: str) -> str:
        """One of ARTIFACTS (a Feature, Template or Helm chart), under `tag`."""
        expected, build = ARTIFACTS[repo]
        assert tag == expected, (repo, tag)
        blobs, manifest = build()
        for blob in blobs:
            self.put_blob(repo, blob)
        return self.put_manifest(repo, tag, manifest)

    def push_index(self, repo: str, tag: str, text: str, arches: tuple[str, ...]) -> str:
        """An OCI image index whose children are one OCI image per architecture."""
        entries = []
        for arch in arches:
            name, variant = PLATFORMS[arch]
            blobs, manifest = image(f"{text} {arch}", name, oci=True, variant=variant)
            for blob in blobs:
                self.put_blob(repo, blob)
            self.put_manifest(repo, manifest.digest, manifest)
            platform = {
                "architecture": name,
                "os": "linux",
                **({"variant": variant} if variant else {}),
            }
            entries.append({**manifest.descriptor(), "platform": platform})
        index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}
        return self.put_manifest(repo, tag, Blob(json.dumps(index, indent=2).encode(), OCI_INDEX))


def seed_registry(
    registry: LabRegistry, ca_file: Path | None, user: str = "alice"
) -> dict[str, str]:
    """Push the lab's images (one thread per repository); returns "repo:tag" -> digest."""

    def single(repo: str, tags: tuple[str, ...]) -> dict[str, str]:
        seeder = Seeder(registry, user, ca_file)
        seeder.authorize(repo)
        return {
            f"{repo}:{tag}": seeder.push_image(repo, tag, f"hello from {repo}:{tag}\n")
            for tag in tags
        }

    def index(repo: str, arches: tuple[str, ...]) -> dict[str, str]:
        seeder = Seeder(registry, user, ca_file)
        seeder.authorize(repo)
        return {f"{repo}:1.0": seeder.push_index(repo, "1.0", f"hello from {repo}", arches)}

    def artifacts(repo: str, tags: tuple[str, ...]) -> dict[str, str]:
        seeder = Seeder(registry, user, ca_file)
        seeder.authorize(repo)
        return {f"{repo}:{tag}": seeder.push_artifact(repo, tag) for tag in tags}

    jobs = [
        *((artifacts, repo, (tag,)) for repo, (tag, _) in ARTIFACTS.items()),
        (single, "team/app", ("1.0", "1.1", "2.0")),
        (index, "team/multi", ("amd64", "arm64")),
        (index, "team/armonly", ("arm64",)),
        (single, "team/private", ("1.0",)),
        (single, "public/hello", ("1.0",)),
    ]
    digests: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        for result in pool.map(lambda job: job[0](job[1], job[2]), jobs):
            digests.update(result)
    return digests
