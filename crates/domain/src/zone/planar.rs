//! Plane geometry on (longitude, latitude) pairs, for zones a few kilometres
//! across, where treating degrees as a plane is exact enough to say on
//! which side of a line a raft lies.
//!
//! Every predicate here is exact for the boundary cases that matter in the
//! field: a point on an edge or a vertex, a ray through a vertex, a
//! horizontal edge. Orientation uses the plain cross product; coordinates
//! are at most 180 in magnitude, so products stay far from overflow and
//! the rounding error is below 1e-12 degrees (a tenth of a micrometre).

/// A vertex: `[longitude, latitude]`, in GeoJSON's order.
pub type Vertex = [f64; 2];

/// Where a point lies with respect to a polygon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Containment {
    Inside,
    /// On an edge or a vertex.
    OnBoundary,
    Outside,
}

/// Twice the signed area of the triangle (a, b, c): positive when c lies to
/// the left of a→b, zero when the three are on one line.
pub fn cross(a: Vertex, b: Vertex, c: Vertex) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// Tolerance for "on the line": far below any survey precision.
const EPSILON: f64 = 1e-12;

fn within(a: f64, b: f64, x: f64) -> bool {
    a.min(b) - EPSILON <= x && x <= a.max(b) + EPSILON
}

/// Whether p lies on the closed segment a–b.
pub fn on_segment(p: Vertex, a: Vertex, b: Vertex) -> bool {
    cross(a, b, p).abs() <= EPSILON && within(a[0], b[0], p[0]) && within(a[1], b[1], p[1])
}

/// Whether the closed segments a–b and c–d share at least one point.
pub fn segments_touch(a: Vertex, b: Vertex, c: Vertex, d: Vertex) -> bool {
    let d1 = cross(c, d, a);
    let d2 = cross(c, d, b);
    let d3 = cross(a, b, c);
    let d4 = cross(a, b, d);
    let strictly_opposite =
        |x: f64, y: f64| (x > EPSILON && y < -EPSILON) || (x < -EPSILON && y > EPSILON);
    if strictly_opposite(d1, d2) && strictly_opposite(d3, d4) {
        return true;
    }
    on_segment(a, c, d) || on_segment(b, c, d) || on_segment(c, a, b) || on_segment(d, a, b)
}

/// Locates p against one closed ring (first vertex repeated last).
///
/// Crossing number with the half-open rule: an edge counts when it spans
/// p's latitude with one end strictly above and the other at or below, so
/// a ray through a vertex counts once and horizontal edges never count.
/// Points on the boundary are found first, by an explicit test.
pub fn locate_in_ring(p: Vertex, ring: &[Vertex]) -> Containment {
    let mut inside = false;
    for edge in ring.windows(2) {
        let (a, b) = (edge[0], edge[1]);
        if on_segment(p, a, b) {
            return Containment::OnBoundary;
        }
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
            if p[0] < x {
                inside = !inside;
            }
        }
    }
    if inside {
        Containment::Inside
    } else {
        Containment::Outside
    }
}

/// The first pair of edges of a closed ring that cross or touch, other than
/// neighbours meeting at their shared vertex; None for a simple ring.
/// Zero-length edges (a vertex repeated) are ignored, as GIS exports often
/// repeat a vertex. Quadratic: zone rings have hundreds of vertices, not
/// millions.
pub fn self_intersection(ring: &[Vertex]) -> Option<(usize, usize)> {
    let edges: Vec<(usize, Vertex, Vertex)> = ring
        .windows(2)
        .enumerate()
        .filter(|(_, e)| e[0] != e[1])
        .map(|(i, e)| (i, e[0], e[1]))
        .collect();
    let n = edges.len();
    for i in 0..n {
        for j in (i + 1)..n {
            let (ei, a, b) = edges[i];
            let (ej, c, d) = edges[j];
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            if adjacent {
                // Neighbours share one vertex; they are wrong only when they
                // fold back over each other (collinear and overlapping).
                let (shared, other_i, other_j) = if j == i + 1 { (b, a, d) } else { (a, b, c) };
                let folds = cross(other_i, shared, other_j).abs() <= EPSILON
                    && (on_segment(other_j, other_i, shared)
                        || on_segment(other_i, shared, other_j));
                if folds {
                    return Some((ei, ej));
                }
                continue;
            }
            if segments_touch(a, b, c, d) {
                return Some((ei, ej));
            }
        }
    }
    None
}

/// Whether any edge of ring r crosses or touches any edge of ring s.
pub fn rings_touch(r: &[Vertex], s: &[Vertex]) -> bool {
    r.windows(2)
        .any(|e| s.windows(2).any(|f| segments_touch(e[0], e[1], f[0], f[1])))
}

/// Twice the signed area of a closed ring (shoelace): positive when the
/// ring turns counter-clockwise. Zero for a degenerate ring.
pub fn signed_area2(ring: &[Vertex]) -> f64 {
    ring.windows(2)
        .map(|e| e[0][0] * e[1][1] - e[1][0] * e[0][1])
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SQUARE: [Vertex; 5] = [
        [0.0, 0.0],
        [10.0, 0.0],
        [10.0, 10.0],
        [0.0, 10.0],
        [0.0, 0.0],
    ];

    #[test]
    fn inside_outside_edge_and_vertex_of_a_square() {
        assert_eq!(locate_in_ring([5.0, 5.0], &SQUARE), Containment::Inside);
        assert_eq!(locate_in_ring([15.0, 5.0], &SQUARE), Containment::Outside);
        assert_eq!(
            locate_in_ring([-0.0001, 5.0], &SQUARE),
            Containment::Outside
        );
        assert_eq!(
            locate_in_ring([10.0, 5.0], &SQUARE),
            Containment::OnBoundary
        );
        assert_eq!(locate_in_ring([5.0, 0.0], &SQUARE), Containment::OnBoundary);
        assert_eq!(
            locate_in_ring([10.0, 10.0], &SQUARE),
            Containment::OnBoundary
        );
    }

    #[test]
    fn a_ray_through_a_vertex_counts_once() {
        // A diamond: the ray to the right from (0, 0) passes exactly through
        // the vertex (5, 0); from (-10, 0) it passes through both side
        // vertices and must come out outside.
        let diamond = [
            [0.0, -5.0],
            [5.0, 0.0],
            [0.0, 5.0],
            [-5.0, 0.0],
            [0.0, -5.0],
        ];
        assert_eq!(locate_in_ring([0.0, 0.0], &diamond), Containment::Inside);
        assert_eq!(locate_in_ring([-10.0, 0.0], &diamond), Containment::Outside);
        assert_eq!(locate_in_ring([10.0, 0.0], &diamond), Containment::Outside);
    }

    #[test]
    fn horizontal_edges_and_concave_notches() {
        // A U shape: the notch between the arms is outside; a ray along the
        // notch's floor runs over a horizontal edge.
        let u = [
            [0.0, 0.0],
            [9.0, 0.0],
            [9.0, 9.0],
            [6.0, 9.0],
            [6.0, 3.0],
            [3.0, 3.0],
            [3.0, 9.0],
            [0.0, 9.0],
            [0.0, 0.0],
        ];
        assert_eq!(locate_in_ring([4.5, 6.0], &u), Containment::Outside);
        assert_eq!(locate_in_ring([1.5, 6.0], &u), Containment::Inside);
        assert_eq!(locate_in_ring([7.5, 6.0], &u), Containment::Inside);
        assert_eq!(locate_in_ring([1.0, 3.0], &u), Containment::Inside);
        assert_eq!(locate_in_ring([4.5, 3.0], &u), Containment::OnBoundary);
    }

    #[test]
    fn a_bow_tie_crosses_itself_and_a_square_does_not() {
        let bow_tie = [
            [0.0, 0.0],
            [10.0, 10.0],
            [10.0, 0.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ];
        assert!(self_intersection(&bow_tie).is_some());
        assert_eq!(self_intersection(&SQUARE), None);
        let repeated_vertex = [
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ];
        assert_eq!(self_intersection(&repeated_vertex), None);
    }

    #[test]
    fn a_ring_that_touches_itself_at_a_vertex_or_folds_back_is_caught() {
        // Vertex (5, 5) visited twice: a figure eight pinched at one point.
        let pinched = [
            [0.0, 0.0],
            [5.0, 5.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [5.0, 5.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ];
        assert!(self_intersection(&pinched).is_some());
        // A spike: out along an edge and straight back.
        let spike = [
            [0.0, 0.0],
            [10.0, 0.0],
            [15.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 0.0],
        ];
        assert!(self_intersection(&spike).is_some());
    }

    #[test]
    fn orientation_of_rings() {
        assert!(signed_area2(&SQUARE) > 0.0);
        let mut clockwise = SQUARE;
        clockwise.reverse();
        assert!(signed_area2(&clockwise) < 0.0);
        assert!((signed_area2(&SQUARE) - 200.0).abs() < 1e-9);
    }

    proptest! {
        /// Against a rectangle, where the answer is known by comparison.
        #[test]
        fn rectangle_containment_matches_the_comparisons(
            x in -20.0f64..20.0, y in -20.0f64..20.0,
            w in 0.5f64..15.0, h in 0.5f64..15.0,
        ) {
            let ring = [[0.0, 0.0], [w, 0.0], [w, h], [0.0, h], [0.0, 0.0]];
            let expected = if x > 0.0 && x < w && y > 0.0 && y < h {
                Containment::Inside
            } else if (0.0..=w).contains(&x) && (0.0..=h).contains(&y) {
                Containment::OnBoundary
            } else {
                Containment::Outside
            };
            prop_assert_eq!(locate_in_ring([x, y], &ring), expected);
        }

        /// Turning a ring around changes nothing about where a point lies.
        #[test]
        fn containment_does_not_depend_on_orientation(x in -2.0f64..12.0, y in -2.0f64..12.0) {
            let u = [
                [0.0, 0.0], [9.0, 0.0], [9.0, 9.0], [6.0, 9.0], [6.0, 3.0],
                [3.0, 3.0], [3.0, 9.0], [0.0, 9.0], [0.0, 0.0],
            ];
            let mut reversed = u;
            reversed.reverse();
            prop_assert_eq!(locate_in_ring([x, y], &u), locate_in_ring([x, y], &reversed));
        }
    }
}
