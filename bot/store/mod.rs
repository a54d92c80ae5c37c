//! Persistence with sqlx: learners, attempts, turns and progress per werkproces.
//! SQLite by default, behind a trait so PostgreSQL can be added.
