//! One Account field per attribute at most, and each field to one attribute
//! at most: the assignment that agrees best overall (Hungarian method).

use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;

/// Score units: agreement net of chance, to a millionth.
const UNITS: f64 = 1e6;
/// Room below a score unit for the tie-break.
const TIE: i64 = 1000;

/// For each row (attribute), the column (field) it gets, if any, from
/// `scores[row][column]` (`None`: not a candidate). `tie` ranks candidates
/// of equal score, from 0 to 1: it never outweighs a score difference.
pub fn assign(
    scores: &[Vec<Option<f64>>],
    tie: impl Fn(usize, usize) -> f64,
) -> Vec<Option<usize>> {
    let rows = scores.len();
    let columns = scores.first().map_or(0, Vec::len);
    if rows == 0 || columns == 0 {
        return vec![None; rows];
    }
    // One spare column per row, worth nothing: a row may go unassigned.
    let weights = Matrix::from_fn(rows, columns + rows, |(r, c)| {
        match scores[r].get(c).copied().flatten() {
            Some(score) => {
                1 + (score.max(0.0) * UNITS).round() as i64 * TIE
                    + (tie(r, c).clamp(0.0, 1.0) * (TIE - 1) as f64) as i64
            }
            None => 0,
        }
    });
    let (_, chosen) = kuhn_munkres(&weights);
    chosen
        .into_iter()
        .enumerate()
        .map(|(r, c)| (c < columns && scores[r][c].is_some()).then_some(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_total_wins_over_each_row_greedy() {
        // Row 0 prefers column 0, but row 1 has nowhere else to go.
        let scores = vec![vec![Some(0.9), Some(0.8)], vec![Some(0.85), None]];
        assert_eq!(assign(&scores, |_, _| 0.0), vec![Some(1), Some(0)]);
    }

    #[test]
    fn a_row_without_candidates_stays_unassigned_and_ties_go_by_the_tie_break() {
        let scores = vec![
            vec![None, None],
            vec![Some(0.5), Some(0.5)],
            vec![None, None],
        ];
        assert_eq!(assign(&scores, |_, c| c as f64), vec![None, Some(1), None]);
        assert_eq!(
            assign(&scores, |_, c| 1.0 - c as f64),
            vec![None, Some(0), None]
        );
    }
}
