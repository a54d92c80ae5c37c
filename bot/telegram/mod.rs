//! The Telegram front end: the only module that imports teloxide.
