//! Roles and classes: who is an admin or a teacher, and the commands with
//! which teachers create and manage their classes.
//!
//! Invariant: every teacher command and button goes through [`role`] or
//! [`own_class`] before it reads or changes anything, so a student never
//! reaches teacher data and a teacher never reaches another teacher's class.
//! Refusals name no class that is not the sender's own.
//!
//! - Admins are the Telegram user ids in `COACH_ADMIN_IDS`. They hand out
//!   one-time teacher invites (`/docentcode`) and can do everything a teacher
//!   can for classes they created themselves.
//! - Teachers redeemed an invite (`/docent CODE`). They create classes
//!   (`/nieuweklas`), list them (`/klassen`), rename them (`/hernoem`),
//!   renew a join code and remove a student (buttons under `/klassen`).

use super::TelegramError;
use super::buttons::{ButtonData, ClassButton};
use super::commands::Command;
use super::decision::{Context, Effects, Student};
use super::send::Button;
use super::writes::Write;
use crate::school::auth::{self, ClassRefusal, ClassView, TeacherOf};
use crate::school::classes::{
    BadClassName, ClassChange, ClassChangeError, ClassName, Invite, JoinCode,
};
use crate::store::classes::Class;
use crate::store::prelude::*;
use crate::store::telegram as db;
use crate::store::{ClassId, LearnerId};

pub(super) use crate::school::auth::Role;

/// Applies a change to classes or roles in the update's unit.
pub(super) async fn apply(tx: &mut dyn Tx, change: &ClassChange) -> Result<(), TelegramError> {
    change.apply(tx).await.map_err(|e| match e {
        ClassChangeError::Store(e) => TelegramError::Store(e),
        // Failing the unit keeps the "welkom" message from going out.
        taken @ ClassChangeError::InviteTaken { .. } => {
            TelegramError::Conflict(super::Conflict::InviteTaken(taken))
        }
    })
}

/// The sender's role.
pub(super) async fn role(ctx: &Context, user_id: i64) -> Result<Role, TelegramError> {
    let mut db = ctx.store.read().await?;
    Ok(auth::role(&mut *db, &ctx.admin_ids, user_id).await?)
}

/// The refusal for someone who is not a teacher.
fn not_a_teacher() -> Effects {
    Effects::default().say(NOT_A_TEACHER)
}

pub(super) const NOT_A_TEACHER: &str = "Dit commando is alleen voor docenten. Ben je docent? \
Vraag de beheerder van de Gesprekscoach om een docentcode en stuur dan /docent CODE.";

/// The sender's class called `name` as the proof [`TeacherOf`], or the
/// refusal to send instead: for a student, for a teacher without such a
/// class (whether or not another teacher has one: that is not theirs to
/// know) and for an empty name.
pub(super) async fn own_class(
    ctx: &Context,
    me: &Student,
    name: &str,
) -> Result<Result<TeacherOf, Effects>, TelegramError> {
    let mut db = ctx.store.read().await?;
    let found = auth::teacher_of(&mut *db, &ctx.admin_ids, me.user.user_id, name).await?;
    Ok(found.map_err(refusal))
}

/// Like [`own_class`], for a class id from a button (which may be old or
/// forged: callback data comes from the client).
pub(super) async fn own_class_by_id(
    ctx: &Context,
    me: &Student,
    class_id: i64,
) -> Result<Result<TeacherOf, Effects>, TelegramError> {
    let mut db = ctx.store.read().await?;
    let found =
        auth::teacher_of_id(&mut *db, &ctx.admin_ids, me.user.user_id, ClassId(class_id)).await?;
    Ok(found.map_err(refusal))
}

/// The class called `name` whose reports the sender may read
/// (`school::auth::viewer_of`: a teacher's own, any for an admin), or the
/// refusal to send instead.
pub(super) async fn viewable_class(
    ctx: &Context,
    me: &Student,
    name: &str,
) -> Result<Result<ClassView, Effects>, TelegramError> {
    let mut db = ctx.store.read().await?;
    let found = auth::viewer_of(&mut *db, &ctx.admin_ids, me.user.user_id, name).await?;
    Ok(found.map_err(refusal))
}

/// Like [`viewable_class`], for a class id from a button
/// (`school::auth::viewer_of_id`).
pub(super) async fn viewable_class_by_id(
    ctx: &Context,
    me: &Student,
    class_id: i64,
) -> Result<Result<ClassView, Effects>, TelegramError> {
    let mut db = ctx.store.read().await?;
    let found =
        auth::viewer_of_id(&mut *db, &ctx.admin_ids, me.user.user_id, ClassId(class_id)).await?;
    Ok(found.map_err(refusal))
}

/// The Dutch answer to a refused teacher operation.
fn refusal(refused: ClassRefusal) -> Effects {
    let text = match refused {
        ClassRefusal::NotATeacher => return not_a_teacher(),
        ClassRefusal::NoClasses => {
            "Je hebt nog geen klassen. Maak er een met /nieuweklas NAAM, bijvoorbeeld /nieuweklas 4C-2026."
                .to_string()
        }
        ClassRefusal::NameMissing { mine } => format!(
            "Noem de klas achter het commando. Jouw klassen: {}.",
            mine.join(", ")
        ),
        ClassRefusal::NotFound { name, mine } => format!(
            "Je hebt geen klas die '{name}' heet. Jouw klassen: {}. Zie /klassen.",
            mine.join(", ")
        ),
        ClassRefusal::NotYours => {
            "Deze klas is niet (meer) van jou. Bekijk je klassen met /klassen.".to_string()
        }
        ClassRefusal::Ambiguous { name, count } => format!(
            "Er zijn {count} klassen die '{name}' heten. Open de klas die je bedoelt op het \
             dashboard (/dashboard)."
        ),
    };
    Effects::default().say(text)
}

/// The teacher commands of this module and those of the webcare module;
/// the handler passes the others on to assign, upload and reports.
pub(super) async fn command(
    ctx: &Context,
    me: &Student,
    command: Command,
) -> Result<Effects, TelegramError> {
    match command {
        Command::DocentCode => invite(ctx, me).await,
        Command::Docent { invite } => redeem(ctx, me, invite.as_deref().unwrap_or("")).await,
        Command::DocentHulp => Ok(match role(ctx, me.user.user_id).await? {
            Role::Student => not_a_teacher(),
            Role::Teacher => Effects::default().say(TEACHER_HELP),
            Role::Admin => Effects::default().say(format!("{TEACHER_HELP}\n\n{ADMIN_HELP}")),
        }),
        Command::NieuweKlas { name } => create_class(ctx, me, name).await,
        Command::Klassen => list_classes(ctx, me).await,
        Command::Hernoem { class, to } => rename(ctx, me, &class, to.as_deref()).await,
        Command::Oefeningen => exercises(ctx, me).await,
        Command::Sjabloon { dialogue } => {
            template(ctx, me, dialogue.as_deref().unwrap_or("")).await
        }
        Command::Reflecties { class } => Ok(match own_class(ctx, me, &class).await? {
            Ok(class) => super::webcare::class_reflections(ctx, &class).await?,
            Err(refusal) => refusal,
        }),
        // The handler routes every other command elsewhere.
        other => {
            tracing::error!(command = ?other.name(), "not a command of the teacher module");
            Ok(Effects::default().say(super::text::UNKNOWN_COMMAND))
        }
    }
}

pub(super) const TEACHER_HELP: &str = "👩‍🏫 Commando's voor docenten\n\n\
/nieuweklas NAAM – maak een klas (naam zonder spaties, bijv. 4C-2026); je krijgt de klascode en een link voor je leerlingen\n\
/klassen – je klassen met het aantal leerlingen; knoppen om een nieuwe code te maken of een leerling uit de klas te halen\n\
/hernoem KLAS NIEUWE-NAAM – geef een klas een andere naam\n\
/oefeningen – alle oefeningen met hun id (voor /opdracht en /planning)\n\
/reflecties KLAS – de webcarediensten van je klas met score en reflectie\n\
/overzicht KLAS – samenvatting, CSV-bestand (voor Excel) en heatmap van je klas per leerling en criterium\n\
/leerling KLAS NR-of-NAAM – de oefeningen van één leerling met het gesprek en het bewijs per criterium\n\
/dashboard – een inloglink voor het dashboard in de browser (klasoverzicht, gesprekken), 15 minuten geldig\n\
/mijndialogen – je eigen dialogen en webcarediensten; een nieuwe plaats je door het bestand (.toml) als document te sturen\n\
/sjabloon ID – een bestaande oefening als bestand om aan te passen, met de uitleg over het formaat\n\
/verwijderdialoog ID – haal een eigen dialoog of webcaredienst weg\n\
/opdracht KLAS OEFENING [DEADLINE] – geef de klas nu een oefening: iedereen krijgt een bericht met een startknop (deadline 2026-12-04 of 2026-12-04 17:00; standaard over 7 dagen)\n\
/planning KLAS – de weekplanning: elke week vanzelf de volgende oefening; daar ook wijzigen, pauzeren en hervatten\n\
/herinner KLAS – herinner wie de huidige opdracht nog niet gedaan heeft (automatisch gebeurt dat ook, een dag voor de deadline)\n\
/docenthulp – deze uitleg";

pub(super) const ADMIN_HELP: &str = "🔑 Voor beheerders\n\n\
/docentcode – een eenmalige code waarmee een collega docent wordt (7 dagen geldig)\n\
/publiceer ID – zet een geüploade dialoog klaar voor alle leerlingen (/depubliceer ID maakt dat ongedaan)\n\
/overzicht KLAS en /leerling KLAS NR – werken voor elke klas, ook die van collega's";

async fn invite(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    if role(ctx, me.user.user_id).await? != Role::Admin {
        return Ok(Effects::default().say(
            "Alleen een beheerder kan docentcodes maken. Vraag de beheerder van de Gesprekscoach om een code.",
        ));
    }
    let invite = Invite::new(me.user.user_id, db::now());
    let until = chrono::DateTime::from_timestamp(invite.expires_at, 0)
        .map(|t| t.format("%d-%m-%Y").to_string())
        .unwrap_or_default();
    let code = invite.code.clone();
    Ok(Effects::default()
        .write(Write::Teacher(ClassChange::Invite(invite)))
        .say(format!(
            "Docentcode: {code}\n\nGeef deze code aan de docent. Die stuurt mij:\n/docent {code}\n\n\
             De code werkt één keer en is geldig tot {until}."
        )))
}

async fn redeem(ctx: &Context, me: &Student, code: &str) -> Result<Effects, TelegramError> {
    match role(ctx, me.user.user_id).await? {
        Role::Admin => {
            return Ok(Effects::default().say(
                "Je bent beheerder en kunt al alles wat een docent kan. Begin met /nieuweklas NAAM.",
            ));
        }
        Role::Teacher => {
            return Ok(Effects::default()
                .say("Je bent al docent. Je klassen zie je met /klassen, alle commando's met /docenthulp."));
        }
        Role::Student => {}
    }
    if code.is_empty() {
        return Ok(Effects::default().say(
            "Stuur de docentcode achter het commando, bijvoorbeeld /docent DK7M2QX9PA. \
             Een code krijg je van de beheerder van de Gesprekscoach.",
        ));
    }
    let mut db = ctx.store.read().await?;
    // Invite codes share the join codes' guessing limit.
    if crate::school::classes::guessing_blocked(&mut *db, me.user.user_id).await? {
        return Ok(Effects::default().say(
            "Je hebt te vaak een verkeerde docentcode gestuurd. Wacht tien minuten en controleer \
             de code met de beheerder van de Gesprekscoach.",
        ));
    }
    if !db.invite_usable(code, db::now()).await? {
        return Ok(Effects::default()
            .write(Write::JoinFailed {
                user_id: me.user.user_id,
            })
            .say(format!(
                "De docentcode '{code}' werkt niet: hij bestaat niet, is al gebruikt of is verlopen \
                 (een code is 7 dagen geldig). Vraag de beheerder om een nieuwe."
            )));
    }
    Ok(Effects::default()
        .write(Write::Teacher(ClassChange::Redeem {
            code: code.to_string(),
            user_id: me.user.user_id,
        }))
        .say(format!("Welkom als docent! 👩‍🏫\n\n{TEACHER_HELP}")))
}

/// Why a class name cannot be used, if it can't.
/// The Dutch explanation of a refused class name.
fn bad_class_name(bad: BadClassName) -> String {
    let example = "bijvoorbeeld /nieuweklas 4C-2026";
    match bad {
        BadClassName::Empty => format!("Geef de klas een naam, {example}."),
        BadClassName::Spaces => format!(
            "Een klasnaam mag geen spaties hebben (je gebruikt hem in commando's als /opdracht KLAS ...). \
             Gebruik een streepje, {example}."
        ),
        BadClassName::TooLong => format!(
            "Die naam is te lang: hooguit {} tekens, {example}.",
            crate::school::classes::MAX_CLASS_NAME
        ),
        BadClassName::Unusable => format!("Die naam kan ik niet gebruiken, {example}."),
    }
}

fn invitation(ctx: &Context, class: &str, code: &str) -> String {
    let link = match &ctx.bot_username {
        Some(bot) => format!("\nOf deel deze link: https://t.me/{bot}?start={code}"),
        None => String::new(),
    };
    format!("Leerlingen sturen mij: /klas {code}{link}\n\n(klas {class})")
}

async fn create_class(
    ctx: &Context,
    me: &Student,
    name: Result<ClassName, BadClassName>,
) -> Result<Effects, TelegramError> {
    if !role(ctx, me.user.user_id).await?.is_teacher() {
        return Ok(not_a_teacher());
    }
    let name = match name {
        Ok(name) => name,
        Err(bad) => return Ok(Effects::default().say(bad_class_name(bad))),
    };
    if ctx
        .store
        .read()
        .await?
        .class_of_teacher(me.user.user_id, name.as_str())
        .await?
        .is_some()
    {
        return Ok(Effects::default().say(format!(
            "Je hebt al een klas die '{}' heet. Kies een andere naam, of bekijk je klassen met /klassen.",
            name.as_str()
        )));
    }
    let code = JoinCode::new();
    let text = format!(
        "Klas {} is gemaakt. ✅\n\nKlascode: {code}\n{}",
        name.as_str(),
        invitation(ctx, name.as_str(), code.as_str())
    );
    Ok(Effects::default()
        .write(Write::Teacher(ClassChange::Create {
            name,
            code,
            teacher_id: me.user.user_id,
        }))
        .say(text))
}

async fn list_classes(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    if !role(ctx, me.user.user_id).await?.is_teacher() {
        return Ok(not_a_teacher());
    }
    let classes = ctx
        .store
        .read()
        .await?
        .classes_of_teacher(me.user.user_id)
        .await?;
    if classes.is_empty() {
        return Ok(Effects::default().say(
            "Je hebt nog geen klassen. Maak er een met /nieuweklas NAAM, bijvoorbeeld /nieuweklas 4C-2026.",
        ));
    }
    let mut text = String::from("👥 Je klassen\n");
    let mut buttons: Vec<Vec<Button>> = Vec::new();
    for (c, members) in &classes {
        let students = if *members == 1 {
            "1 leerling".to_string()
        } else {
            format!("{members} leerlingen")
        };
        text.push_str(&format!(
            "\n• {} – {students} – code {}",
            c.name, c.join_code
        ));
        buttons.push(vec![
            Button::new(
                format!("👥 {}", short(&c.name)),
                &ButtonData::Class(ClassButton::Members(ClassId(c.id))),
            ),
            Button::new(
                "🔄 Nieuwe code",
                &ButtonData::Class(ClassButton::NewCode(ClassId(c.id))),
            ),
        ]);
    }
    text.push_str("\n\nNaam wijzigen: /hernoem KLAS NIEUWE-NAAM. Alle commando's: /docenthulp.");
    Ok(Effects::default().say_with(text, buttons))
}

/// `/sjabloon ID`: the file of a shipped dialogue to adapt (teachers write
/// dialogues by changing one that works), with the authoring guide.
async fn template(ctx: &Context, me: &Student, id: &str) -> Result<Effects, TelegramError> {
    if !role(ctx, me.user.user_id).await?.is_teacher() {
        return Ok(not_a_teacher());
    }
    if id.is_empty() {
        return Ok(Effects::default().say(
            "Noem de oefening die je wilt aanpassen, bijvoorbeeld /sjabloon acquisitie-koud-bellen. \
             Alle id's staan bij /oefeningen.",
        ));
    }
    // Shipped webcare shifts are templates too: a teacher's own shift is
    // uploaded like a dialogue.
    if !ctx.content.is_shipped_id(id) || !crate::dialogue::validate::valid_id(id) {
        let own = ctx
            .content
            .any_upload(id)
            .is_some_and(|u| u.owner == me.user.user_id);
        return Ok(Effects::default().say(if own {
            format!("'{id}' is je eigen oefening: je hebt het bestand zelf al. Pas het aan en stuur het opnieuw.")
        } else {
            format!("Een oefening '{id}' ken ik niet. Alle id's staan bij /oefeningen.")
        }));
    }
    let file_name = format!("{id}.toml");
    let source = match std::fs::read_to_string(ctx.dialogues_dir.join(&file_name)) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, id, "template file unreadable");
            return Ok(Effects::default().say(format!(
                "Het bestand van '{id}' kan ik nu niet lezen. Vraag de beheerder om {file_name}."
            )));
        }
    };
    let mut effects = Effects::default();
    effects.messages.push(super::send::OutMessage::Document {
        file_name: file_name.clone(),
        content: source,
        caption: format!(
            "Pas {file_name} aan (geef het een eigen id) en stuur het terug als bestand."
        ),
    });
    match std::fs::read_to_string(ctx.dialogues_dir.join("README.md")) {
        Ok(guide) => effects.messages.push(super::send::OutMessage::Document {
            file_name: "uitleg-dialoogbestanden.md".to_string(),
            content: guide,
            caption: "Uitleg over het bestandsformaat, met een uitgewerkt voorbeeld.".to_string(),
        }),
        Err(e) => tracing::warn!(error = %e, "authoring guide unreadable"),
    }
    Ok(effects)
}

/// `/oefeningen`: the ids a teacher types in `/opdracht` and `/planning`,
/// grouped by werkproces (the students' `/oefen` menu shows titles only).
async fn exercises(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    if !role(ctx, me.user.user_id).await?.is_teacher() {
        return Ok(not_a_teacher());
    }
    let audience = crate::school::library::Audience {
        user_id: me.user.user_id,
        class_teacher: Some(me.user.user_id),
    };
    let groups = ctx.content.groups(&audience);
    if groups.is_empty() {
        return Ok(Effects::default().say(super::text::NO_DIALOGUES));
    }
    let mut text =
        String::from("📚 Oefeningen voor je klassen, met het id voor /opdracht en /planning:");
    for g in &groups {
        text.push_str("\n\n");
        text.push_str(&match g.title {
            Some(t) => format!("{} {t}", g.code),
            None => g.code.clone(),
        });
        for d in &g.dialogues {
            let own = if d.upload.is_some() { " (eigen)" } else { "" };
            text.push_str(&format!(
                "\n• {} – {}{own}",
                d.dialogue.id, d.dialogue.title
            ));
        }
    }
    text.push_str("\n\nVoorbeeld: /opdracht KLAS ");
    text.push_str(
        &groups[0]
            .dialogues
            .first()
            .map(|d| d.dialogue.id.clone())
            .unwrap_or_default(),
    );
    Ok(Effects::default().say(text))
}

/// Button labels stay short on a phone.
pub(super) fn short(name: &str) -> String {
    name.chars().take(20).collect()
}

/// `/hernoem KLAS NIEUWE-NAAM`; `new` is None unless exactly one new name
/// was given.
async fn rename(
    ctx: &Context,
    me: &Student,
    old: &str,
    new: Option<&str>,
) -> Result<Effects, TelegramError> {
    let class = match own_class(ctx, me, old).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(refusal),
    };
    let Some(new) = new else {
        return Ok(Effects::default().say(format!(
            "Gebruik: /hernoem {} NIEUWE-NAAM (zonder spaties), bijvoorbeeld /hernoem {} 4C-2027.",
            class.name, class.name
        )));
    };
    let new_name = match ClassName::parse(new) {
        Ok(name) => name,
        Err(bad) => {
            return Ok(
                Effects::default().say(bad_class_name(bad).replace("/nieuweklas", "/hernoem KLAS"))
            );
        }
    };
    let same_name = ctx
        .store
        .read()
        .await?
        .class_of_teacher(me.user.user_id, new)
        .await?;
    if let Some(other) = same_name
        && other.id != class.id
    {
        return Ok(Effects::default().say(format!(
            "Je hebt al een klas die '{new}' heet. Kies een andere naam."
        )));
    }
    let text = format!(
        "Klas {} heet nu {new}. De klascode blijft {}.",
        class.name, class.join_code
    );
    Ok(Effects::default()
        .write(Write::Teacher(ClassChange::Rename {
            class,
            name: new_name,
        }))
        .say(text))
}

/// Buttons under `/klassen`. Their ids come from the client (old or
/// forged), so the class is checked again on every press.
pub(super) async fn callback(
    ctx: &Context,
    me: &Student,
    button: ClassButton,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    let (ClassButton::Members(class_id)
    | ClassButton::NewCode(class_id)
    | ClassButton::Remove {
        class: class_id, ..
    }
    | ClassButton::RemoveConfirmed {
        class: class_id, ..
    }) = button;
    let class = match own_class_by_id(ctx, me, class_id.0).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(effects.and(refusal)),
    };
    match button {
        ClassButton::NewCode(_) => {
            let code = JoinCode::new();
            let text = format!(
                "Nieuwe klascode voor {}: {code}\nDe oude code werkt niet meer; leerlingen die al in de klas zitten, blijven erin.\n\n{}",
                class.name,
                invitation(ctx, &class.name, code.as_str())
            );
            Ok(effects
                .write(Write::Teacher(ClassChange::RenewCode { class, code }))
                .say(text))
        }
        ClassButton::Members(_) => members(ctx, &class, effects).await,
        ClassButton::Remove { user, .. } => {
            let Some(student) = member_of(ctx, &class, user).await? else {
                return Ok(effects.say("Deze leerling zit niet (meer) in de klas."));
            };
            Ok(effects.say_with(
                format!(
                    "{} uit klas {} halen? Hun eigen oefeningen blijven bewaard; ze kunnen later opnieuw lid worden met de klascode.",
                    display(&student),
                    class.name
                ),
                vec![vec![
                    Button::new(
                        "Ja, uit de klas",
                        &ButtonData::Class(ClassButton::RemoveConfirmed {
                            class: ClassId(class.id),
                            user,
                        }),
                    ),
                    Button::new(
                        "Nee",
                        &ButtonData::Class(ClassButton::Members(ClassId(class.id))),
                    ),
                ]],
            ))
        }
        ClassButton::RemoveConfirmed { user, .. } => {
            let Some(student) = member_of(ctx, &class, user).await? else {
                return Ok(effects.say("Deze leerling zit niet (meer) in de klas."));
            };
            let Some(learner) = student.learner_id else {
                return Ok(effects.say("Deze leerling zit niet (meer) in de klas."));
            };
            let text = format!(
                "{} zit niet meer in klas {}.",
                display(&student),
                class.name
            );
            Ok(effects
                .write(Write::Teacher(ClassChange::RemoveStudent {
                    class,
                    learner: LearnerId(learner),
                }))
                .say(text))
        }
    }
}

/// A student as a teacher sees them: the Telegram first name is not unique,
/// so the user id's last digits tell two Sannes apart.
fn display(u: &db::TgUser) -> String {
    let name = if u.first_name.trim().is_empty() {
        "Leerling"
    } else {
        u.first_name.trim()
    };
    format!("{name} (#{})", u.user_id.rem_euclid(10_000))
}

async fn member_of(
    ctx: &Context,
    class: &Class,
    user_id: i64,
) -> Result<Option<db::TgUser>, TelegramError> {
    Ok(ctx
        .store
        .read()
        .await?
        .user(user_id)
        .await?
        .filter(|u| u.class_id == Some(class.id)))
}

async fn members(ctx: &Context, class: &Class, effects: Effects) -> Result<Effects, TelegramError> {
    let students = ctx
        .store
        .read()
        .await?
        .class_users(ClassId(class.id))
        .await?;
    if students.is_empty() {
        return Ok(effects.say(format!(
            "Klas {} heeft nog geen leerlingen.\n\n{}",
            class.name,
            invitation(ctx, &class.name, &class.join_code)
        )));
    }
    let mut text = format!("Leerlingen van {} ({}):\n", class.name, students.len());
    let mut buttons = Vec::new();
    for s in &students {
        let blocked = if s.inactive_since.is_some() {
            " – heeft de bot geblokkeerd"
        } else {
            ""
        };
        text.push_str(&format!("\n• {}{blocked}", display(s)));
        buttons.push(vec![Button::new(
            format!("➖ {}", short(&display(s))),
            &ButtonData::Class(ClassButton::Remove {
                class: ClassId(class.id),
                user: s.user_id,
            }),
        )]);
    }
    text.push_str(
        "\n\nMet ➖ haal je een leerling uit de klas (je krijgt eerst een vraag ter bevestiging).",
    );
    Ok(effects.say_with(text, buttons))
}

#[cfg(test)]
mod tests {
    use super::super::commands;
    use super::*;

    /// Students learn their commands from `/help`, teachers theirs from
    /// `/docenthulp` (admins' and the invite's from the texts around them).
    #[test]
    fn every_command_is_explained_where_its_audience_looks() {
        let teacher_texts = [TEACHER_HELP, ADMIN_HELP, NOT_A_TEACHER].join("\n");
        for &name in commands::Name::ALL {
            let typed = format!("/{}", name.as_str());
            let mentioned = |text: &str| {
                text.match_indices(&typed).any(|(i, _)| {
                    !text[i + typed.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                })
            };
            match name.shown() {
                commands::Shown::Menu(_) if name != commands::Name::Start => {
                    assert!(mentioned(super::super::text::HELP), "{typed} not in /help")
                }
                commands::Shown::Menu(_) => {}
                commands::Shown::Teachers => {
                    assert!(mentioned(&teacher_texts), "{typed} not explained")
                }
                commands::Shown::Shift => assert!(
                    mentioned(super::super::webcare::HOW),
                    "{typed} not in the shift's explanation"
                ),
            }
        }
    }

    #[test]
    fn refused_class_names_are_explained_with_an_example() {
        for bad in ["", "4C 2026", &"x".repeat(41), "/klassen"] {
            let problem = bad_class_name(ClassName::parse(bad).expect_err("refused"));
            assert!(problem.contains("/nieuweklas 4C-2026"), "{problem}");
        }
    }
}
