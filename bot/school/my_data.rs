//! The my-data export (the right of access): everything stored about a
//! learner as one JSON document with Dutch keys, so every front end hands
//! out the same thing. A front end adds what only it stores (Telegram: the
//! user and chat id) under a key of its own.

use serde_json::{Value, json};

use crate::store::prelude::*;
use crate::store::{LearnerId, StoreError};

/// The learner's class, attempts with every turn, webcare shifts and
/// progress; an empty export for `None` (a first contact has nothing
/// stored yet).
pub async fn export(db: &mut dyn Reads, learner: Option<LearnerId>) -> Result<Value, StoreError> {
    let Some(learner) = learner else {
        return Ok(json!({
            "klas": null,
            "oefeningen": [],
            "webcarediensten": [],
            "voortgang": [],
        }));
    };
    let class = db.class_of_learner(learner).await?.map(|c| c.name);
    let attempts = db.attempts(learner).await?;
    let mut attempt_json = Vec::new();
    for a in &attempts {
        let turns = db.turns(a.id).await?;
        attempt_json.push(json!({
            "dialoog": a.dialogue_id,
            "werkprocessen": a.werkprocessen,
            "status": a.status,
            "score": a.score,
            "gestart": a.started_at,
            "afgerond": a.finished_at,
            "scorekaart": a.scorecard,
            "beurten": turns.iter().map(|t| json!({
                "nummer": t.seq,
                "stap": t.step,
                "tekst": t.text,
                "gedrag": t.detection.behaviours,
                "feedback": t.feedback,
                "tijd": t.created_at,
            })).collect::<Vec<_>>(),
        }));
    }
    let shifts = db.shifts(learner).await?;
    let shift_json: Vec<Value> = shifts
        .iter()
        .map(|s| {
            json!({
                "scenario": s.scenario_id,
                "status": s.status,
                "score": s.score,
                "gestart": s.started_at,
                "afgerond": s.finished_at,
                "reflectie": s.reflection,
                "berichten": s.session.posts.iter().map(|p| json!({
                    "nummer": p.number,
                    "bericht": p.message,
                    "binnen_na_seconden": p.arrived_at,
                    "doorgezet_na_seconden": p.escalated_at,
                    "reactie": p.reply.as_ref().map(|r| &r.text),
                    "reactie_na_seconden": p.reply.as_ref().map(|r| r.at),
                    "antwoord_klant": p.reply.as_ref().and_then(|r| r.answer.as_ref()).map(|a| &a.text),
                })).collect::<Vec<_>>(),
                "verslag": s.report,
            })
        })
        .collect();
    let progress = db.progress(learner).await?;
    Ok(json!({
        "klas": class,
        "oefeningen": attempt_json,
        "webcarediensten": shift_json,
        "voortgang": progress.iter().map(|p| json!({
            "werkproces": p.werkproces,
            "pogingen": p.attempts,
            "beste_score": p.best_score,
            "laatste_score": p.last_score,
            "gedrag": p.criteria.iter().map(|c| json!({
                "gedrag": c.gedrag,
                "label": c.label,
                "beoordeeld": c.assessed,
                "laten_zien": c.met,
                "laatste_keer_laten_zien": c.last_met,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
}
