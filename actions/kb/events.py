"""Nearest-events queries: vectorised haversine over a date-filtered subset (numpy, no Rasa)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np

from .models import Evenement

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class EventHit:
    event: Evenement
    distance_km: float


class EventIndex:
    """Events with coordinates, sorted by start date, queried by distance and date window."""

    def __init__(self, events: Sequence[Evenement]):
        located = [e for e in events if e.lat is not None and e.lon is not None]
        located.sort(key=lambda e: (e.date, e.id))
        self.events: List[Evenement] = located
        self.unlocated: List[Evenement] = [e for e in events if e.lat is None or e.lon is None]
        self._start = np.array([e.date.toordinal() for e in located], dtype=np.int64)
        self._end = np.array([(e.date_fin or e.date).toordinal() for e in located], dtype=np.int64)
        self._lat = np.radians(np.array([e.lat for e in located], dtype=np.float64))
        self._lon = np.radians(np.array([e.lon for e in located], dtype=np.float64))
        self._coslat = np.cos(self._lat)
        self._max_span = int((self._end - self._start).max()) if len(located) else 0

    def __len__(self) -> int:
        return len(self.events)

    def nearest(
        self,
        lat: float,
        lon: float,
        radius_km: float = 50.0,
        start: Optional[dt.date] = None,
        end: Optional[dt.date] = None,
        limit: int = 5,
    ) -> List[EventHit]:
        """Events overlapping [start, end] within radius_km of (lat, lon), nearest first, then soonest."""
        if not self.events:
            return []
        lo, hi = 0, len(self.events)
        if end is not None:
            hi = int(np.searchsorted(self._start, end.toordinal(), side="right"))
        if start is not None:
            # an event that began up to max_span days before `start` may still be running
            lo = int(np.searchsorted(self._start, start.toordinal() - self._max_span, side="left"))
        if lo >= hi:
            return []
        idx = np.arange(lo, hi)
        if start is not None and self._max_span:
            idx = idx[self._end[idx] >= start.toordinal()]
        # cheap bounding box before the exact distance
        rlat, rlon = math.radians(lat), math.radians(lon)
        dlat = radius_km / EARTH_RADIUS_KM
        box = np.abs(self._lat[idx] - rlat) <= dlat
        idx = idx[box]
        if idx.size == 0:
            return []
        a = (np.sin((self._lat[idx] - rlat) / 2) ** 2
             + math.cos(rlat) * self._coslat[idx] * np.sin((self._lon[idx] - rlon) / 2) ** 2)
        dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        keep = dist <= radius_km
        idx, dist = idx[keep], dist[keep]
        if idx.size == 0:
            return []
        if idx.size > limit:
            part = np.argpartition(dist, limit - 1)[:limit]
            idx, dist = idx[part], dist[part]
        order = np.lexsort((self._start[idx], dist))
        return [EventHit(self.events[int(idx[i])], float(round(dist[i], 1))) for i in order[:limit]]
