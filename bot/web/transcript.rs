//! The customer's side of a saved attempt. The store keeps the student's
//! replies (with what was recognised and the feedback), not the customer's
//! lines; the engine is deterministic for a seed, so replaying the replies
//! on the same dialogue with the same matcher says the same lines again.
//!
//! The replay is checked against what was saved: every reply must answer
//! the same step and be recognised as the same behaviours, and the replay
//! must end on the saved session's last line. When the dialogue file or the
//! matcher changed since, the check fails and the page shows the replies
//! alone rather than lines the student never saw. (A reworded line other
//! than the last one, with the same steps, is not noticed: the page then
//! shows the current wording.)

use crate::dialogue::Prepared;
use crate::engine::{self, Input, Output, Session};
use crate::matching::Matcher;
use crate::store::StoredTurn;

/// What the customer said: before the first reply, and after each reply
/// (`after[i]` follows reply `i`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerLines {
    pub opening: Vec<String>,
    pub after: Vec<Vec<String>>,
}

fn lines(outputs: &[Output]) -> Vec<String> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Customer { name, text } => Some(engine::render::customer(name, text)),
            _ => None,
        })
        .collect()
}

/// Replays the attempt's `turns` from its seed; `None` when the replay
/// differs from them or ends on another line than the `saved` session.
pub fn customer_lines(
    d: &Prepared,
    m: &Matcher,
    saved: &Session,
    turns: &[StoredTurn],
) -> Option<CustomerLines> {
    let (mut s, outputs) = engine::start(d, saved.seed);
    let opening = lines(&outputs);
    let mut after = Vec::with_capacity(turns.len());
    for t in turns {
        if s.finished || s.current_step != t.step {
            return None;
        }
        let (next, outputs, turn) = engine::handle(d, m, s, Input::Reply(t.text.clone()));
        let turn = turn?;
        if turn.step != t.step || turn.detection.behaviours != t.detection.behaviours {
            return None;
        }
        after.push(lines(&outputs));
        s = next;
    }
    // The customer's last line is saved with the session: a sentence that
    // was reworded since shows here even when the steps are the same.
    (s.last_line == saved.last_line).then_some(CustomerLines { opening, after })
}
