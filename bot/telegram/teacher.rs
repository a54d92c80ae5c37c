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

use rand::Rng;

use super::TelegramError;
use super::handler::{Context, Effects, Student, Write, button};
use super::send::Button;
use crate::store::prelude::*;
use crate::store::telegram as db;
use crate::store::{ClassId, LearnerId};

/// How long a teacher invite stays valid.
const INVITE_DAYS: i64 = 7;
/// Join and invite codes: no 0/O, 1/I/L, so they survive being read aloud
/// or copied off a board. 31 symbols: almost 5 bits each.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 10 symbols: about 49.5 random bits (at least 40 are asked for).
const CODE_LEN: usize = 10;
const MAX_CLASS_NAME: usize = 40;

/// What the sender may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Teacher,
    Student,
}

impl Role {
    pub fn is_teacher(self) -> bool {
        matches!(self, Role::Admin | Role::Teacher)
    }
}

/// A change to roles or classes, applied in the update's transaction.
#[derive(Debug)]
pub enum TeacherWrite {
    Invite {
        code: String,
        created_by: i64,
        expires_at: i64,
    },
    Redeem {
        code: String,
        user_id: i64,
    },
    CreateClass {
        name: String,
        code: String,
        teacher_id: i64,
    },
    Rename {
        class_id: i64,
        name: String,
    },
    RenewCode {
        class_id: i64,
        code: String,
    },
    RemoveStudent {
        class_id: i64,
        learner: LearnerId,
    },
}

pub(super) async fn apply(tx: &mut dyn Tx, w: &TeacherWrite) -> Result<(), TelegramError> {
    match w {
        TeacherWrite::Invite {
            code,
            created_by,
            expires_at,
        } => tx.create_invite(code, *created_by, *expires_at).await?,
        TeacherWrite::Redeem { code, user_id } => {
            // The check in `docent` read the invite before this transaction;
            // if another user took it in between, nobody gets a second use,
            // and failing here keeps the "welkom" message from going out.
            if !tx.redeem_invite(code, *user_id).await? {
                return Err(TelegramError::Conflict(format!(
                    "teacher invite used up before user {user_id} could redeem it"
                )));
            }
        }
        TeacherWrite::CreateClass {
            name,
            code,
            teacher_id,
        } => {
            tx.create_class_for(name, code, *teacher_id).await?;
        }
        TeacherWrite::Rename { class_id, name } => {
            tx.rename_class(ClassId(*class_id), name).await?
        }
        TeacherWrite::RenewCode { class_id, code } => {
            tx.set_join_code(ClassId(*class_id), code).await?
        }
        TeacherWrite::RemoveStudent { class_id, learner } => {
            tx.remove_member(ClassId(*class_id), *learner).await?
        }
    }
    Ok(())
}

/// The sender's role.
pub(super) async fn role(ctx: &Context, user_id: i64) -> Result<Role, TelegramError> {
    if ctx.admin_ids.contains(&user_id) {
        return Ok(Role::Admin);
    }
    Ok(if ctx.store.read().await?.is_teacher(user_id).await? {
        Role::Teacher
    } else {
        Role::Student
    })
}

/// The refusal for someone who is not a teacher.
fn not_a_teacher() -> Effects {
    Effects::default().say(NOT_A_TEACHER)
}

pub(super) const NOT_A_TEACHER: &str = "Dit commando is alleen voor docenten. Ben je docent? \
Vraag de beheerder van de Gesprekscoach om een docentcode en stuur dan /docent CODE.";

/// The sender's class called `name`, or the refusal to send instead: for a
/// student, for a teacher without such a class (whether or not another
/// teacher has one: that is not theirs to know) and for an empty name.
pub(super) async fn own_class(
    ctx: &Context,
    me: &Student,
    name: &str,
) -> Result<Result<db::Class, Effects>, TelegramError> {
    if !role(ctx, me.user.user_id).await?.is_teacher() {
        return Ok(Err(not_a_teacher()));
    }
    let mut db = ctx.store.read().await?;
    let name = name.trim();
    if !name.is_empty()
        && let Some(class) = db.class_of_teacher(me.user.user_id, name).await?
    {
        return Ok(Ok(class));
    }
    let mine = db.classes_of_teacher(me.user.user_id).await?;
    let names: Vec<&str> = mine.iter().map(|(c, _)| c.name.as_str()).collect();
    let text = match (name.is_empty(), names.is_empty()) {
        (_, true) => {
            "Je hebt nog geen klassen. Maak er een met /nieuweklas NAAM, bijvoorbeeld /nieuweklas 4C-2026."
                .to_string()
        }
        (true, false) => format!(
            "Noem de klas achter het commando. Jouw klassen: {}.",
            names.join(", ")
        ),
        (false, false) => format!(
            "Je hebt geen klas die '{name}' heet. Jouw klassen: {}. Zie /klassen.",
            names.join(", ")
        ),
    };
    Ok(Err(Effects::default().say(text)))
}

/// Like [`own_class`], for a class id from a button (which may be old or
/// forged: callback data comes from the client).
pub(super) async fn own_class_by_id(
    ctx: &Context,
    me: &Student,
    class_id: i64,
) -> Result<Result<db::Class, Effects>, TelegramError> {
    if !role(ctx, me.user.user_id).await?.is_teacher() {
        return Ok(Err(not_a_teacher()));
    }
    Ok(
        match ctx.store.read().await?.class(ClassId(class_id)).await? {
            Some(c) if c.teacher_id == Some(me.user.user_id) => Ok(c),
            _ => Err(Effects::default()
                .say("Deze klas is niet (meer) van jou. Bekijk je klassen met /klassen.")),
        },
    )
}

/// A fresh unguessable code. `rand::rng()` is a CSPRNG seeded from the OS.
pub(super) fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// The teacher commands; None for any other command name.
pub(super) async fn command(
    ctx: &Context,
    me: &Student,
    name: &str,
    args: &str,
) -> Result<Option<Effects>, TelegramError> {
    let effects = match name {
        "docentcode" => invite(ctx, me).await?,
        "docent" => redeem(ctx, me, args).await?,
        "docenthulp" => match role(ctx, me.user.user_id).await? {
            Role::Student => not_a_teacher(),
            Role::Teacher => Effects::default().say(TEACHER_HELP),
            Role::Admin => Effects::default().say(format!("{TEACHER_HELP}\n\n{ADMIN_HELP}")),
        },
        "nieuweklas" => create_class(ctx, me, args).await?,
        "klassen" => list_classes(ctx, me).await?,
        "hernoem" => rename(ctx, me, args).await?,
        "oefeningen" => exercises(ctx, me).await?,
        "sjabloon" => template(ctx, me, first_word(args)).await?,
        "opdracht" | "herinner" | "planning" => {
            return super::assign::command(ctx, me, name, args).await;
        }
        "mijndialogen" | "verwijderdialoog" | "publiceer" | "depubliceer" => {
            super::upload::command(ctx, me, name, args).await?
        }
        "reflecties" => match own_class(ctx, me, first_word(args)).await? {
            Ok(class) => super::webcare::class_reflections(ctx, &class).await?,
            Err(refusal) => refusal,
        },
        "overzicht" => super::reports::overview(ctx, me, args).await?,
        "leerling" => super::reports::student(ctx, me, args).await?,
        _ => return Ok(None),
    };
    Ok(Some(effects))
}

const TEACHER_HELP: &str = "👩‍🏫 Commando's voor docenten\n\n\
/nieuweklas NAAM – maak een klas (naam zonder spaties, bijv. 4C-2026); je krijgt de klascode en een link voor je leerlingen\n\
/klassen – je klassen met het aantal leerlingen; knoppen om een nieuwe code te maken of een leerling uit de klas te halen\n\
/hernoem KLAS NIEUWE-NAAM – geef een klas een andere naam\n\
/oefeningen – alle oefeningen met hun id (voor /opdracht en /planning)\n\
/reflecties KLAS – de webcarediensten van je klas met score en reflectie\n\
/overzicht KLAS – samenvatting, CSV-bestand (voor Excel) en heatmap van je klas per leerling en criterium\n\
/leerling KLAS NR-of-NAAM – de oefeningen van één leerling met het gesprek en het bewijs per criterium\n\
/mijndialogen – je eigen dialogen; een nieuwe plaats je door een dialoogbestand (.toml) als document te sturen\n\
/sjabloon ID – een bestaande oefening als bestand om aan te passen, met de uitleg over het formaat\n\
/verwijderdialoog ID – haal een eigen dialoog weg\n\
/opdracht KLAS OEFENING [DEADLINE] – geef de klas nu een oefening: iedereen krijgt een bericht met een startknop (deadline 2026-12-04 of 2026-12-04 17:00; standaard over 7 dagen)\n\
/planning KLAS – de weekplanning: elke week vanzelf de volgende oefening; daar ook wijzigen, pauzeren en hervatten\n\
/herinner KLAS – herinner wie de huidige opdracht nog niet gedaan heeft (automatisch gebeurt dat ook, een dag voor de deadline)\n\
/docenthulp – deze uitleg";

const ADMIN_HELP: &str = "🔑 Voor beheerders\n\n\
/docentcode – een eenmalige code waarmee een collega docent wordt (7 dagen geldig)\n\
/publiceer ID – zet een geüploade dialoog klaar voor alle leerlingen (/depubliceer ID maakt dat ongedaan)";

async fn invite(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    if role(ctx, me.user.user_id).await? != Role::Admin {
        return Ok(Effects::default().say(
            "Alleen een beheerder kan docentcodes maken. Vraag de beheerder van de Gesprekscoach om een code.",
        ));
    }
    let code = format!("D{}", new_code());
    let expires_at = db::now() + INVITE_DAYS * 24 * 3600;
    let until = chrono::DateTime::from_timestamp(expires_at, 0)
        .map(|t| t.format("%d-%m-%Y").to_string())
        .unwrap_or_default();
    Ok(Effects::default()
        .write(Write::Teacher(TeacherWrite::Invite {
            code: code.clone(),
            created_by: me.user.user_id,
            expires_at,
        }))
        .say(format!(
            "Docentcode: {code}\n\nGeef deze code aan de docent. Die stuurt mij:\n/docent {code}\n\n\
             De code werkt één keer en is geldig tot {until}."
        )))
}

async fn redeem(ctx: &Context, me: &Student, args: &str) -> Result<Effects, TelegramError> {
    let code = args.split_whitespace().next().unwrap_or("");
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
    if db
        .join_failures(me.user.user_id, super::handler::JOIN_WINDOW)
        .await?
        >= super::handler::MAX_JOIN_FAILURES
    {
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
        .write(Write::Teacher(TeacherWrite::Redeem {
            code: code.to_string(),
            user_id: me.user.user_id,
        }))
        .say(format!("Welkom als docent! 👩‍🏫\n\n{TEACHER_HELP}")))
}

/// Why a class name cannot be used, if it can't.
fn bad_class_name(name: &str) -> Option<String> {
    let example = "bijvoorbeeld /nieuweklas 4C-2026";
    if name.is_empty() {
        return Some(format!("Geef de klas een naam, {example}."));
    }
    if name.split_whitespace().nth(1).is_some() {
        return Some(format!(
            "Een klasnaam mag geen spaties hebben (je gebruikt hem in commando's als /opdracht KLAS ...). \
             Gebruik een streepje, {example}."
        ));
    }
    if name.chars().count() > MAX_CLASS_NAME {
        return Some(format!(
            "Die naam is te lang: hooguit {MAX_CLASS_NAME} tekens, {example}."
        ));
    }
    if name.starts_with('/') || name.chars().any(char::is_control) {
        return Some(format!("Die naam kan ik niet gebruiken, {example}."));
    }
    None
}

fn invitation(ctx: &Context, class: &str, code: &str) -> String {
    let link = match &ctx.bot_username {
        Some(bot) => format!("\nOf deel deze link: https://t.me/{bot}?start={code}"),
        None => String::new(),
    };
    format!("Leerlingen sturen mij: /klas {code}{link}\n\n(klas {class})")
}

async fn create_class(ctx: &Context, me: &Student, args: &str) -> Result<Effects, TelegramError> {
    if !role(ctx, me.user.user_id).await?.is_teacher() {
        return Ok(not_a_teacher());
    }
    let name = args.trim();
    if let Some(problem) = bad_class_name(name) {
        return Ok(Effects::default().say(problem));
    }
    if ctx
        .store
        .read()
        .await?
        .class_of_teacher(me.user.user_id, name)
        .await?
        .is_some()
    {
        return Ok(Effects::default().say(format!(
            "Je hebt al een klas die '{name}' heet. Kies een andere naam, of bekijk je klassen met /klassen."
        )));
    }
    let code = new_code();
    Ok(Effects::default()
        .write(Write::Teacher(TeacherWrite::CreateClass {
            name: name.to_string(),
            code: code.clone(),
            teacher_id: me.user.user_id,
        }))
        .say(format!(
            "Klas {name} is gemaakt. ✅\n\nKlascode: {code}\n{}",
            invitation(ctx, name, &code)
        )))
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
            button(
                &format!("👥 {}", short(&c.name)),
                &format!("kl:lln:{}", c.id),
            ),
            button("🔄 Nieuwe code", &format!("kl:code:{}", c.id)),
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
    if !ctx.content.is_shipped(id) || !crate::dialogue::validate::valid_id(id) {
        let own = ctx
            .content
            .upload(id)
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
    let audience = super::content::Audience {
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

/// The class name argument of a command (`/reflecties 4C` -> `4C`).
pub(super) fn first_word(args: &str) -> &str {
    args.split_whitespace().next().unwrap_or("")
}

/// Button labels stay short on a phone.
pub(super) fn short(name: &str) -> String {
    name.chars().take(20).collect()
}

async fn rename(ctx: &Context, me: &Student, args: &str) -> Result<Effects, TelegramError> {
    let mut words = args.split_whitespace();
    let (old, new) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let class = match own_class(ctx, me, old).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(refusal),
    };
    if new.is_empty() || words.next().is_some() {
        return Ok(Effects::default().say(format!(
            "Gebruik: /hernoem {} NIEUWE-NAAM (zonder spaties), bijvoorbeeld /hernoem {} 4C-2027.",
            class.name, class.name
        )));
    }
    if let Some(problem) = bad_class_name(new) {
        return Ok(Effects::default().say(problem.replace("/nieuweklas", "/hernoem KLAS")));
    }
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
    Ok(Effects::default()
        .write(Write::Teacher(TeacherWrite::Rename {
            class_id: class.id,
            name: new.to_string(),
        }))
        .say(format!(
            "Klas {} heet nu {new}. De klascode blijft {}.",
            class.name, class.join_code
        )))
}

/// Buttons under `/klassen` (callback data `kl:...`).
pub(super) async fn callback(
    ctx: &Context,
    me: &Student,
    data: &str,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    let mut parts = data.split(':');
    let action = parts.next().unwrap_or("");
    let class_id = parts.next().and_then(|p| p.parse::<i64>().ok());
    let user_id = parts.next().and_then(|p| p.parse::<i64>().ok());
    let Some(class_id) = class_id else {
        return Ok(effects.say(super::text::OLD_BUTTON));
    };
    let class = match own_class_by_id(ctx, me, class_id).await? {
        Ok(c) => c,
        Err(refusal) => return Ok(effects.and(refusal)),
    };
    match (action, user_id) {
        ("code", None) => {
            let code = new_code();
            Ok(effects
                .write(Write::Teacher(TeacherWrite::RenewCode {
                    class_id: class.id,
                    code: code.clone(),
                }))
                .say(format!(
                    "Nieuwe klascode voor {}: {code}\nDe oude code werkt niet meer; leerlingen die al in de klas zitten, blijven erin.\n\n{}",
                    class.name,
                    invitation(ctx, &class.name, &code)
                )))
        }
        ("lln", None) => members(ctx, &class, effects).await,
        ("rm", Some(user)) => {
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
                    button("Ja, uit de klas", &format!("kl:rmok:{}:{user}", class.id)),
                    button("Nee", &format!("kl:lln:{}", class.id)),
                ]],
            ))
        }
        ("rmok", Some(user)) => {
            let Some(student) = member_of(ctx, &class, user).await? else {
                return Ok(effects.say("Deze leerling zit niet (meer) in de klas."));
            };
            let Some(learner) = student.learner_id else {
                return Ok(effects.say("Deze leerling zit niet (meer) in de klas."));
            };
            Ok(effects
                .write(Write::Teacher(TeacherWrite::RemoveStudent {
                    class_id: class.id,
                    learner: LearnerId(learner),
                }))
                .say(format!(
                    "{} zit niet meer in klas {}.",
                    display(&student),
                    class.name
                )))
        }
        _ => Ok(effects.say(super::text::OLD_BUTTON)),
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
    class: &db::Class,
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

async fn members(
    ctx: &Context,
    class: &db::Class,
    effects: Effects,
) -> Result<Effects, TelegramError> {
    let students = ctx
        .store
        .read()
        .await?
        .class_members(ClassId(class.id))
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
        buttons.push(vec![button(
            &format!("➖ {}", short(&display(s))),
            &format!("kl:rm:{}:{}", class.id, s.user_id),
        )]);
    }
    text.push_str(
        "\n\nMet ➖ haal je een leerling uit de klas (je krijgt eerst een vraag ter bevestiging).",
    );
    Ok(effects.say_with(text, buttons))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_at_least_forty_random_bits_in_an_unambiguous_alphabet() {
        let bits = (CODE_ALPHABET.len() as f64).log2() * CODE_LEN as f64;
        assert!(bits >= 40.0, "{bits} bits");
        let code = new_code();
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        assert_ne!(new_code(), new_code());
    }

    #[test]
    fn class_names_with_spaces_or_too_long_are_refused_with_an_example() {
        assert!(bad_class_name("4C-2026").is_none());
        for bad in ["", "4C 2026", &"x".repeat(41), "/klassen"] {
            let problem = bad_class_name(bad).expect("refused");
            assert!(problem.contains("/nieuweklas 4C-2026"), "{problem}");
        }
    }
}
