"""Files the product makes or receives (exports now, uploads next): one storage interface, per
tenant, never served from a guessable path. The local store keeps them under
DATA_DIR/files/<tenant>/<file id>; an S3-compatible store would implement the same three calls.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Protocol


class FileStore(Protocol):
    def staging(self, tenant_id: uuid.UUID, file_id: uuid.UUID) -> Path:
        """Where a file being written goes; `publish` makes it readable, all at once."""
        ...

    def publish(self, tenant_id: uuid.UUID, file_id: uuid.UUID) -> None: ...

    def path(self, tenant_id: uuid.UUID, file_id: uuid.UUID) -> Path | None:
        """The published file, or None when there is none (never made, removed, expired)."""
        ...

    def remove(self, tenant_id: uuid.UUID, file_id: uuid.UUID) -> None: ...


class LocalFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _folder(self, tenant_id: uuid.UUID) -> Path:
        folder = self.root / str(uuid.UUID(str(tenant_id)))  # a canonical id: no path tricks
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder

    def staging(self, tenant_id: uuid.UUID, file_id: uuid.UUID) -> Path:
        return self._folder(tenant_id) / f"{uuid.UUID(str(file_id))}.partial"

    def publish(self, tenant_id: uuid.UUID, file_id: uuid.UUID) -> None:
        os.replace(self.staging(tenant_id, file_id), self._folder(tenant_id) / str(uuid.UUID(str(file_id))))

    def path(self, tenant_id: uuid.UUID, file_id: uuid.UUID) -> Path | None:
        found = self._folder(tenant_id) / str(uuid.UUID(str(file_id)))
        return found if found.is_file() else None

    def remove(self, tenant_id: uuid.UUID, file_id: uuid.UUID) -> None:
        for candidate in (self.staging(tenant_id, file_id), self._folder(tenant_id) / str(file_id)):
            candidate.unlink(missing_ok=True)
