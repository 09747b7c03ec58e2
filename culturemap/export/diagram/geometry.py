"""Geometry of a laid-out drawing: Graphviz splines as points, free spots for signs and loop markers.

Pure arithmetic in points (1/72 inch, y up as in Graphviz): reading and shifting edge ``pos`` strings,
points along Bézier curves, where a link's sign or a loop's marker goes (:func:`sign_spot`, :func:`seat`
with the :class:`_Field` of what must stay uncovered), snug shapes around measured labels
(:func:`fit_shape`) and the ring a loop's codes sit on (:func:`ring_radius`).
"""
from __future__ import annotations

import math

__all__ = ["fit_shape", "ring_radius", "seat", "sign_spot", "inside_polygon", "spline_points", "shift_spline",
           "bezier_polyline", "point_along", "OUTSIDE_COST"]

# ---------------------------------------------------------------- geometry of a laid-out map


def spline_points(pos: str) -> list[tuple[float, float]]:
    """The control points of a Graphviz edge ``pos`` (``e,``/``s,`` arrow ends left out), in points.

    >>> spline_points("e,10,0 0,0 3,1 6,1 9,0")
    [(0.0, 0.0), (3.0, 1.0), (6.0, 1.0), (9.0, 0.0)]
    """
    points = []
    for token in pos.split(";", 1)[0].split():
        if token.startswith(("e,", "s,")):
            continue
        x, y = token.split(",")[:2]
        points.append((float(x), float(y)))
    return points


def shift_spline(pos: str, dx: float, dy: float) -> str:
    """A Graphviz edge ``pos`` moved by ``(dx, dy)`` points.

    >>> shift_spline("e,10,0 0,0 3,1 6,1 9,0", 1, 2)
    'e,11.00,2.00 1.00,2.00 4.00,3.00 7.00,3.00 10.00,2.00'
    """
    out = []
    for spline in pos.split(";"):
        tokens = []
        for token in spline.split():
            prefix = token[:2] if token.startswith(("e,", "s,")) else ""
            x, y = token[len(prefix):].split(",")[:2]
            tokens.append(f"{prefix}{float(x) + dx:.2f},{float(y) + dy:.2f}")
        out.append(" ".join(tokens))
    return ";".join(out)


def bezier_polyline(ctrl: list[tuple[float, float]], spacing: float = 4.0) -> list[tuple[float, float]]:
    """Points along a chain of cubic Bézier segments (Graphviz splines), about ``spacing`` points apart.

    >>> [(round(x, 1), round(y, 1)) for x, y in bezier_polyline([(0, 0), (0, 0), (8, 0), (8, 0)])]
    [(0.0, 0.0), (4.0, 0.0), (8.0, 0.0)]
    """
    if len(ctrl) < 4:
        return [(float(p[0]), float(p[1])) for p in ctrl]
    out = [(float(ctrl[0][0]), float(ctrl[0][1]))]
    for i in range(0, len(ctrl) - 3, 3):
        p0, p1, p2, p3 = ctrl[i:i + 4]
        hull = math.dist(p0, p1) + math.dist(p1, p2) + math.dist(p2, p3)
        steps = max(2, int(math.ceil(hull / spacing)))
        for k in range(1, steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def point_along(line: list[tuple[float, float]], fraction: float) -> tuple[float, float]:
    """The point ``fraction`` (0..1) of the way along a polyline, by length.

    >>> point_along([(0, 0), (10, 0), (10, 10)], 0.75)
    (10.0, 5.0)
    """
    lengths = [math.dist(a, b) for a, b in zip(line, line[1:])]
    goal = max(0.0, min(1.0, fraction)) * sum(lengths)
    for (a, b), length in zip(zip(line, line[1:]), lengths):
        if goal <= length and length > 0:
            t = goal / length
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        goal -= length
    return (float(line[-1][0]), float(line[-1][1]))


def sign_spot(line, cost, *, beside: float, away=None) -> tuple[float, float]:
    """Where a link's sign goes: on the line near its middle, else right beside it.

    ``cost(x, y)`` tells what a sign there would cover (0: nothing); ``beside`` is how far beside the line
    to try. With ``away`` (the polyline of the link back: A -> B next to B -> A) the sign goes towards its
    own arrow head, so the two signs sit apart, each by the arrow it belongs to; beside the line it takes
    the side away from the other link. When no spot is free, the one that covers least.

    >>> sign_spot([(0, 0), (100, 0)], lambda x, y: 0, beside=10)
    (50.0, 0.0)
    >>> sign_spot([(0, 0), (100, 0)], lambda x, y: 0 if y else 1, beside=10)
    (50.0, 10.0)
    >>> sign_spot([(0, 0), (100, 0)], lambda x, y: 0, beside=10, away=[(100, 4), (0, 4)])
    (72.0, 0.0)
    """
    fractions = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74) if away is None else (0.72, 0.78, 0.66, 0.6)
    candidates = [point_along(line, f) for f in fractions]
    for distance in (beside, 1.8 * beside):
        for fraction in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            (x1, y1), (x2, y2) = point_along(line, fraction - 0.02), point_along(line, fraction + 0.02)
            x, y = point_along(line, fraction)
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            nx, ny = -(y2 - y1) / length, (x2 - x1) / length
            spots = [(round(x + side * distance * nx, 2) + 0.0, round(y + side * distance * ny, 2) + 0.0)
                     for side in (1, -1)]
            if away is not None:
                spots.sort(key=lambda p: -min(math.dist(p, q) for q in away))
            candidates += spots
    best: tuple[float, tuple[float, float]] | None = None
    for spot in candidates:
        c = cost(*spot)
        if c == 0:
            return spot
        if best is None or c < best[0]:
            best = (c, spot)
    assert best is not None, "sign_spot needs at least one candidate"
    return best[1]


class _Field:
    """What a loop marker or a sign must not cover: boxes (nodes, signs, markers) and the drawn links.

    ``cost(x, y, r)`` adds the weight of every box within ``r`` of the point and ``line_weight`` for
    every link passing within ``r``; 0 means the spot is free.
    """

    def __init__(self, cell: float = 16.0, line_weight: float = 10.0):
        self.boxes: list[tuple[float, float, float, float, float]] = []
        self.cell = cell
        self.line_weight = line_weight
        self.grid: dict = {}

    def add_box(self, x0, y0, x1, y1, weight: float) -> None:
        self.boxes.append((x0, y0, x1, y1, weight))

    def add_line(self, points, key) -> None:
        for x, y in points:
            self.grid.setdefault((int(x // self.cell), int(y // self.cell)), []).append((x, y, key))

    def box_cost(self, x: float, y: float, r: float) -> float:
        total = 0.0
        for x0, y0, x1, y1, weight in self.boxes:
            dx, dy = max(x0 - x, 0.0, x - x1), max(y0 - y, 0.0, y - y1)
            if dx * dx + dy * dy < r * r:
                total += weight
        return total

    def cost(self, x: float, y: float, r: float, own=()) -> float:
        """Weight of what a circle of radius ``r`` at (x, y) covers; links in ``own`` count a third."""
        total = self.box_cost(x, y, r)
        touched = set()
        c = self.cell
        for gx in range(int((x - r) // c), int((x + r) // c) + 1):
            for gy in range(int((y - r) // c), int((y + r) // c) + 1):
                for px, py, key in self.grid.get((gx, gy), ()):
                    if key not in touched and (px - x) ** 2 + (py - y) ** 2 < r * r:
                        touched.add(key)
        return total + sum(self.line_weight / 3 if key in own else self.line_weight for key in touched)


def inside_polygon(x: float, y: float, polygon) -> bool:
    """Whether (x, y) lies inside a closed polygon (even-odd rule).

    >>> square = [(0, 0), (10, 0), (10, 10), (0, 10)]
    >>> inside_polygon(5, 5, square), inside_polygon(15, 5, square)
    (True, False)
    """
    inside = False
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


#: What a loop marker pays for being outside the ring its links draw (more than crossing its own link).
OUTSIDE_COST = 5.0


def seat(field: _Field, centre, bounds, radius: float, *, ring=None, own=(), steps: int = 30) -> tuple[float, float]:
    """The best spot near ``centre`` inside ``bounds`` (x0, y0, x1, y1) for a loop marker of ``radius``.

    Searches rings around the centre outwards (about ``steps`` rings to the far corner) and takes the first
    spot that covers nothing and lies inside ``ring`` (the polygon the loop's links draw); else the spot
    with the lowest cost (nodes, signs, other links; the loop's ``own`` links and lying outside the ring
    cost less), then the nearest. Deterministic.

    >>> f = _Field(); f.add_box(-10, -10, 10, 10, 100)
    >>> seat(f, (0, 0), (-30, -40, 30, 40), 5, steps=10)      # rings 5 points apart; the box needs 10 + 5
    (0.0, 15.0)
    """
    x0, y0, x1, y1 = bounds
    cx, cy = min(max(centre[0], x0), x1), min(max(centre[1], y0), y1)
    reach = math.hypot(max(cx - x0, x1 - cx), max(cy - y0, y1 - cy))
    step = max(reach / steps, 3.0)
    best = None
    for r in range(int(reach / step) + 1):
        d = r * step
        n = 1 if r == 0 else max(8, int(2 * math.pi * d / step))
        for k in range(n):
            angle = math.pi / 2 + 2 * math.pi * k / n
            x, y = round(cx + d * math.cos(angle), 2) + 0.0, round(cy + d * math.sin(angle), 2) + 0.0
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                continue
            cost = field.cost(x, y, radius, own)
            if best is not None and cost >= best[0][0]:
                continue                                   # cannot beat the best so far (nearer, not dearer)
            if ring is not None and not inside_polygon(x, y, ring):
                cost += OUTSIDE_COST
            if cost == 0:
                return (x, y)
            if best is None or (cost, d) < best[0]:
                best = ((cost, d), (x, y))
    return best[1] if best else (cx, cy)



def fit_shape(shape: str, width: float, height: float) -> tuple[float, float] | None:
    """A snug (width, height) in points for an ellipse or hexagon around a label box, else ``None``.

    Graphviz makes these shapes about 1.4 times the label each way, which wastes room on a crowded slide.

    >>> fit_shape("hexagon", 100, 40), fit_shape("ellipse", 100, 40), fit_shape("box", 100, 40)
    ((156.0, 50.0), (115.0, 56.0), None)
    """
    if shape == "hexagon":
        return (round(width + 1.4 * height, 2) + 0.0, round(height + 10, 2) + 0.0)
    if shape == "ellipse":
        return (round(1.15 * width, 2) + 0.0, round(1.4 * height, 2) + 0.0)
    return None


def _fitted(rows: tuple, boxes: dict) -> tuple:
    out = []
    for i, attrs in rows:
        size = fit_shape(attrs.get("shape", ""), *boxes[i][2:])
        if size is not None:
            attrs = dict(attrs, fixedsize="true", width=f"{size[0] / 72:.3f}", height=f"{size[1] / 72:.3f}")
        out.append((i, attrs))
    return tuple(out)



def ring_radius(sizes: list[tuple[float, float]], *, gap: float = 28.0, centre: float = 0.0) -> float:
    """The smallest radius (points) of a circle with these boxes on it, evenly spaced clockwise from the
    top, where no two boxes come closer than ``gap`` and every box keeps ``centre`` + ``gap`` from the middle.

    >>> ring_radius([(100, 40), (100, 40)], gap=20)   # one above, one below the middle: 20 + 40 / 2
    40.0
    >>> ring_radius([(100, 40)] * 4, gap=20)          # left and right ones: 20 + 100 / 2
    70.0
    """
    n = len(sizes)
    spots = [(math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n))
             for i in range(n)]
    radius = 0.0
    for i in range(n):
        (wi, hi), (ci, si) = sizes[i], spots[i]
        # the box must clear the middle (a circle of ``centre``) along its direction
        radius = max(radius, centre + gap + min(wi / 2 / max(abs(ci), 1e-9), hi / 2 / max(abs(si), 1e-9)))
        for j in range(i + 1, n):
            (wj, hj), (cj, sj) = sizes[j], spots[j]
            dx, dy = abs(ci - cj), abs(si - sj)        # distance per unit radius along each axis
            need_x = (wi + wj) / 2 + gap
            need_y = (hi + hj) / 2 + gap
            # boxes are apart when either axis separates them
            options = [need_x / dx if dx > 1e-9 else math.inf, need_y / dy if dy > 1e-9 else math.inf]
            radius = max(radius, min(options))
    return round(radius, 2) + 0.0
