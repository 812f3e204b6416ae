"""A mapping stored as compressed buckets by a hash of the key: a reader unpacks only the
buckets of the keys it looks up (a focused run makes a few lookups, of tens of thousands
of keys). Light on purpose: the index reads it without importing the model."""

from __future__ import annotations

import marshal
import zlib
from typing import Iterator, Mapping, TypeVar

V = TypeVar("V")


class Buckets(Mapping[str, V]):
    """A mapping kept as compressed buckets by a hash of the key: a lookup unpacks one
    bucket (a focused run makes a few, of tens of thousands of keys)."""

    #: Keys per bucket, about.
    SIZE = 128

    def __init__(self, buckets: tuple[bytes, ...]) -> None:
        self.buckets = buckets
        self._open: dict[int, dict[str, V]] = {}

    @staticmethod
    def pack(mapping: Mapping[str, object]) -> tuple[bytes, ...]:
        count = max(1, len(mapping) // Buckets.SIZE)
        parts: list[dict[str, object]] = [{} for _ in range(count)]
        for key, value in mapping.items():
            parts[_bucket(key, count)][key] = value
        return tuple(zlib.compress(marshal.dumps(part), 1) for part in parts)

    def _part(self, number: int) -> dict[str, V]:
        found = self._open.get(number)
        if found is None:
            try:
                found = marshal.loads(zlib.decompress(self.buckets[number]))
            except (zlib.error, EOFError, TypeError) as exc:
                raise ValueError("a damaged bucket") from exc
            if not isinstance(found, dict):
                raise ValueError("a damaged bucket")
            self._open[number] = found
        return found

    def __getitem__(self, key: str) -> V:
        if not self.buckets:
            raise KeyError(key)
        return self._part(_bucket(key, len(self.buckets)))[key]

    def __iter__(self) -> Iterator[str]:
        for number in range(len(self.buckets)):
            yield from self._part(number)

    def __len__(self) -> int:
        return sum(len(self._part(number)) for number in range(len(self.buckets)))


def _bucket(key: str, count: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count
