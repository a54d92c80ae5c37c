//! A fake Telegram Bot API server for tests (axum on 127.0.0.1:0).
//!
//! - Serves `/bot<token>/<method>` (JSON or multipart bodies).
//! - Queues updates for `getUpdates` (honours `offset`, `limit`, and
//!   long-polls up to `timeout` seconds).
//! - Records every request and validates it against
//!   `../shared/telegram/bot-api-10.1.json`: the method exists, required
//!   parameters are present, no unknown parameters, `text` is 1-4096
//!   characters, `callback_data` is at most 64 bytes.
//! - Serves files for `getFile` and the download route
//!   `/file/bot<token>/<file_path>` ([`FakeTelegram::add_file`]).
//! - Can answer with 429 (`retry_after`), 403 (blocked) and delays, and
//!   can enforce a rate limit on sends like Telegram's (429 beyond N per
//!   sliding window, see [`FakeTelegram::enforce_rate`]).
//!   Errors are always 4xx: teloxide sleeps 10 s after a 5xx.

#![allow(dead_code)] // each test binary uses a different part

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::Notify;

pub const TOKEN: &str = "123456:TEST-token_for-the-fake";
pub const BOT_ID: i64 = 123456;

/// The Bot API description: method name (lowercase) -> (canonical name, params).
struct Spec {
    methods: HashMap<String, (String, Vec<(String, bool)>)>,
}

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/telegram/bot-api-10.1.json"
        );
        let text = std::fs::read_to_string(path).expect("bot-api-10.1.json (../shared) readable");
        let v: Value = serde_json::from_str(&text).expect("bot-api json");
        let mut methods = HashMap::new();
        for (name, m) in v["methods"].as_object().expect("methods") {
            let fields = m["fields"]
                .as_array()
                .map(|fs| {
                    fs.iter()
                        .map(|f| {
                            (
                                f["name"].as_str().unwrap_or_default().to_string(),
                                f["required"].as_bool().unwrap_or(false),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            methods.insert(name.to_lowercase(), (name.clone(), fields));
        }
        Spec { methods }
    })
}

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Canonical method name, e.g. `sendMessage`.
    pub method: String,
    pub params: Value,
    pub at: Instant,
    /// Whether the fake answered with success.
    pub ok: bool,
}

impl Recorded {
    pub fn chat_id(&self) -> Option<i64> {
        match &self.params["chat_id"] {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        self.params["text"].as_str()
    }

    /// The bytes and file name of an uploaded file parameter (`photo`,
    /// `document`).
    pub fn file(&self, field: &str) -> Option<(String, Vec<u8>)> {
        let file = &self.params[field];
        let bytes = file["bytes"]
            .as_array()?
            .iter()
            .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
            .collect::<Option<Vec<u8>>>()?;
        Some((file["file_name"].as_str()?.to_string(), bytes))
    }

    /// All callback_data values of an inline keyboard.
    pub fn buttons(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(rows) = self.params["reply_markup"]["inline_keyboard"].as_array() {
            for row in rows {
                for b in row.as_array().into_iter().flatten() {
                    out.push((
                        b["text"].as_str().unwrap_or_default().to_string(),
                        b["callback_data"].as_str().unwrap_or_default().to_string(),
                    ));
                }
            }
        }
        out
    }
}

/// A programmed answer.
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    /// 429 with `parameters.retry_after`.
    TooManyRequests { retry_after: u32 },
    /// Answer only after this delay.
    Delay(Duration),
}

#[derive(Default)]
struct Inner {
    next_update_id: i64,
    updates: VecDeque<Value>,
    requests: Vec<Recorded>,
    /// Times at which successful sends to each chat were answered.
    chat_sends: HashMap<i64, Vec<Instant>>,
    /// Wakes the waiters of one chat's sends: a load test has hundreds of
    /// them, and waking all on every request cost more CPU than the bot.
    chat_waiters: HashMap<i64, Arc<Notify>>,
    /// Every request as it arrived (also those the client gave up on).
    arrivals: Vec<(String, Option<i64>)>,
    violations: Vec<String>,
    /// method (lowercase) -> failures for its next calls.
    failures: HashMap<String, VecDeque<Failure>>,
    /// Chats that blocked the bot: every send answers 403.
    blocked: HashSet<i64>,
    next_message_id: i64,
    /// Redelivered updates: sent once more whatever the offset, as Telegram
    /// does when it never got the confirmation.
    redeliveries: VecDeque<Value>,
    /// When an update became available (by update_id), for latency measurement.
    available_at: HashMap<i64, Instant>,
    /// Files by file_id: (file_path, size announced by getFile, content).
    files: HashMap<String, (String, u64, Vec<u8>)>,
    /// file_path of every download request.
    downloads: Vec<String>,
    /// Enforced send limit: at most .0 sends per sliding window .1.
    rate: Option<(usize, Duration)>,
    /// Arrival times of the sends accepted within the current window.
    rate_log: VecDeque<Instant>,
    /// Sends answered 429 because of the enforced limit.
    rate_limited: usize,
}

/// The running fake server.
#[derive(Clone)]
pub struct FakeTelegram {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    new_update: Arc<Notify>,
    new_request: Arc<Notify>,
}

impl FakeTelegram {
    /// Starts the server on a free loopback port.
    pub async fn start() -> FakeTelegram {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake server");
        let addr = listener.local_addr().expect("addr");
        let fake = FakeTelegram {
            addr,
            inner: Arc::new(Mutex::new(Inner {
                next_update_id: 1000,
                next_message_id: 1,
                ..Inner::default()
            })),
            new_update: Arc::new(Notify::new()),
            new_request: Arc::new(Notify::new()),
        };
        let app = axum::Router::new()
            .route("/{bot}/{method}", post(handle))
            .route("/file/{bot}/{path}", get(download))
            .with_state(fake.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        fake
    }

    /// The value for `TELOXIDE_API_URL`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues an update (the `update_id` is assigned); returns its id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = {
            let mut inner = self.lock();
            let id = inner.next_update_id;
            inner.next_update_id += 1;
            update["update_id"] = json!(id);
            inner.updates.push_back(update);
            inner.available_at.insert(id, Instant::now());
            id
        };
        self.new_update.notify_waiters();
        id
    }

    /// Queues an update again with the same `update_id` (a redelivery).
    pub fn redeliver(&self, update: Value) {
        self.lock().redeliveries.push_back(update);
        self.new_update.notify_waiters();
    }

    /// The update JSON queued under this id, if still queued.
    pub fn queued(&self, id: i64) -> Option<Value> {
        self.lock()
            .updates
            .iter()
            .find(|u| u["update_id"] == json!(id))
            .cloned()
    }

    /// Makes a file available for `getFile` and download; returns its file_id.
    pub fn add_file(&self, content: &[u8]) -> String {
        self.add_file_announcing(content, content.len() as u64)
    }

    /// As [`FakeTelegram::add_file`], with `getFile` announcing another size
    /// (a server or client that cannot be trusted on sizes).
    pub fn add_file_announcing(&self, content: &[u8], announced: u64) -> String {
        let mut inner = self.lock();
        let n = inner.files.len() + 1;
        let id = format!("file{n}");
        inner.files.insert(
            id.clone(),
            (
                format!("documents/file_{n}.toml"),
                announced,
                content.to_vec(),
            ),
        );
        id
    }

    /// The file paths the bot downloaded, in order.
    pub fn downloads(&self) -> Vec<String> {
        self.lock().downloads.clone()
    }

    pub fn fail_next(&self, method: &str, failure: Failure, times: usize) {
        let mut inner = self.lock();
        let q = inner.failures.entry(method.to_lowercase()).or_default();
        for _ in 0..times {
            q.push_back(failure);
        }
    }

    /// From now on, answers a send (`sendMessage`, `sendPhoto`, ...) with 429
    /// when `limit` sends were accepted in the `window` before its arrival,
    /// as Telegram does beyond 30 messages per second.
    pub fn enforce_rate(&self, limit: usize, window: Duration) {
        let mut inner = self.lock();
        inner.rate = Some((limit, window));
        inner.rate_log.clear();
    }

    /// How many sends were answered 429 by the enforced limit.
    pub fn rate_limited(&self) -> usize {
        self.lock().rate_limited
    }

    pub fn block(&self, chat_id: i64) {
        self.lock().blocked.insert(chat_id);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    /// How many requests of a method for a chat arrived, answered or not.
    pub fn arrivals(&self, method: &str, chat_id: i64) -> usize {
        self.lock()
            .arrivals
            .iter()
            .filter(|(m, c)| m == method && *c == Some(chat_id))
            .count()
    }

    /// Successful requests of one method.
    pub fn calls(&self, method: &str) -> Vec<Recorded> {
        self.lock()
            .requests
            .iter()
            .filter(|r| r.ok && r.method.eq_ignore_ascii_case(method))
            .cloned()
            .collect()
    }

    /// Successful sends (messages, photos, documents) to a chat, in order.
    pub fn sent_to(&self, chat_id: i64) -> Vec<Recorded> {
        self.lock()
            .requests
            .iter()
            .filter(|r| r.ok && r.method.starts_with("send") && r.chat_id() == Some(chat_id))
            .cloned()
            .collect()
    }

    /// Texts (and captions) successfully sent to a chat.
    pub fn texts_to(&self, chat_id: i64) -> Vec<String> {
        self.sent_to(chat_id)
            .iter()
            .filter_map(|r| {
                r.text()
                    .or(r.params["caption"].as_str())
                    .map(str::to_string)
            })
            .collect()
    }

    /// When the update was queued.
    pub fn available_at(&self, update_id: i64) -> Option<Instant> {
        self.lock().available_at.get(&update_id).copied()
    }

    /// Every violation of the Bot API description seen so far.
    pub fn violations(&self) -> Vec<String> {
        self.lock().violations.clone()
    }

    /// Fails the test if any request broke the Bot API description.
    pub fn assert_valid(&self) {
        let v = self.violations();
        assert!(v.is_empty(), "invalid Bot API requests:\n{}", v.join("\n"));
        assert!(
            !self.requests().is_empty(),
            "the bot sent no request at all"
        );
    }

    /// Waits until `check` holds for the recorded requests.
    pub async fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&FakeTelegram) -> bool,
    ) {
        let deadline = Instant::now() + timeout;
        loop {
            let notified = self.new_request.notified();
            if check(self) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let log: Vec<String> = self
                    .requests()
                    .iter()
                    .filter(|r| r.method != "getUpdates")
                    .map(|r| format!("{} ok={} {}", r.method, r.ok, r.params))
                    .collect();
                panic!(
                    "timed out waiting for: {what}\nrequests:\n{}",
                    log.join("\n")
                );
            }
            let _ = tokio::time::timeout(left.min(Duration::from_millis(200)), notified).await;
        }
    }

    /// Waits until the chat received `n` successful sends; returns when the
    /// n-th was answered. Cheap enough for hundreds of concurrent waiters.
    pub async fn wait_sends(&self, chat_id: i64, n: usize, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        let waiters = self.lock().chat_waiters.entry(chat_id).or_default().clone();
        loop {
            let notified = waiters.notified();
            if let Some(at) = self
                .lock()
                .chat_sends
                .get(&chat_id)
                .and_then(|v| v.get(n.checked_sub(1)?))
            {
                return Some(*at);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            let _ = tokio::time::timeout(left, notified).await;
        }
    }

    /// Waits until the chat received at least `n` sends; returns their texts.
    pub async fn wait_for_texts(&self, chat_id: i64, n: usize) -> Vec<String> {
        self.wait_until(
            &format!("{n} messages to chat {chat_id}"),
            Duration::from_secs(20),
            |f| f.sent_to(chat_id).len() >= n,
        )
        .await;
        self.texts_to(chat_id)
    }

    /// Forgets the requests recorded so far (not the queued updates), so a
    /// long load test measures the bot's memory rather than this log's.
    pub fn forget_history(&self) {
        let mut inner = self.lock();
        inner.requests = Vec::new();
        inner.arrivals = Vec::new();
        inner.chat_sends = HashMap::new();
        inner.chat_waiters = HashMap::new();
        inner.available_at = HashMap::new();
    }

    /// Whether all queued updates were confirmed by a later offset.
    pub fn pending_updates(&self) -> usize {
        self.lock().updates.len()
    }
}

/// Builders for update JSON.
pub mod updates {
    use serde_json::{Value, json};

    pub fn user(user_id: i64) -> Value {
        json!({"id": user_id, "is_bot": false, "first_name": format!("Student{user_id}"), "language_code": "nl"})
    }

    pub fn private_chat(user_id: i64) -> Value {
        json!({"id": user_id, "type": "private", "first_name": format!("Student{user_id}")})
    }

    fn message_base(user_id: i64) -> Value {
        json!({
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": private_chat(user_id),
            "from": user(user_id),
        })
    }

    pub fn text(user_id: i64, text: &str) -> Value {
        let mut m = message_base(user_id);
        m["text"] = json!(text);
        if text.starts_with('/') {
            let len = text
                .split_whitespace()
                .next()
                .unwrap_or(text)
                .encode_utf16()
                .count();
            m["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
        }
        json!({"message": m})
    }

    pub fn sticker(user_id: i64) -> Value {
        let mut m = message_base(user_id);
        m["sticker"] = json!({
            "file_id": "s1", "file_unique_id": "u1", "type": "regular",
            "width": 512, "height": 512, "is_animated": false, "is_video": false
        });
        json!({"message": m})
    }

    pub fn photo(user_id: i64) -> Value {
        let mut m = message_base(user_id);
        m["photo"] = json!([{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]);
        json!({"message": m})
    }

    pub fn voice(user_id: i64) -> Value {
        let mut m = message_base(user_id);
        m["voice"] = json!({"file_id": "v1", "file_unique_id": "vu1", "duration": 3});
        json!({"message": m})
    }

    /// A document message for a file added with `FakeTelegram::add_file`;
    /// `size` is what the message announces.
    pub fn file(user_id: i64, file_id: &str, file_name: &str, size: u64) -> Value {
        let mut m = message_base(user_id);
        m["document"] = json!({
            "file_id": file_id, "file_unique_id": format!("u{file_id}"),
            "file_name": file_name, "mime_type": "application/toml", "file_size": size
        });
        json!({"message": m})
    }

    pub fn document(user_id: i64) -> Value {
        let mut m = message_base(user_id);
        m["document"] = json!({"file_id": "d1", "file_unique_id": "du1", "file_name": "cv.pdf"});
        json!({"message": m})
    }

    pub fn edited(user_id: i64, text: &str) -> Value {
        let mut m = message_base(user_id);
        m["text"] = json!(text);
        m["edit_date"] = json!(1_700_000_100);
        json!({"edited_message": m})
    }

    pub fn group_text(user_id: i64, group_id: i64, text: &str) -> Value {
        let mut m = message_base(user_id);
        m["chat"] = json!({"id": group_id, "type": "group", "title": "Klas 2B"});
        m["text"] = json!(text);
        json!({"message": m})
    }

    /// A button pressed on a message older than 48 hours: Telegram sends
    /// it as an inaccessible message (only chat, id and `date` 0).
    pub fn callback_on_old_message(user_id: i64, data: &str) -> Value {
        let mut update = callback(user_id, data);
        update["callback_query"]["id"] = json!(format!("old{user_id}-{data}"));
        update["callback_query"]["message"] =
            json!({"message_id": 3, "date": 0, "chat": private_chat(user_id)});
        update
    }

    pub fn callback(user_id: i64, data: &str) -> Value {
        json!({"callback_query": {
            "id": format!("cb{user_id}-{data}"),
            "from": user(user_id),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 7,
                "date": 1_700_000_000,
                "chat": private_chat(user_id),
                "from": {"id": super::BOT_ID, "is_bot": true, "first_name": "Coach"},
                "text": "knoppen"
            }
        }})
    }
}

fn count_chars(s: &str) -> usize {
    s.encode_utf16().count()
}

fn validate(method_raw: &str, params: &Value, violations: &mut Vec<String>) -> Option<String> {
    let Some((name, fields)) = spec().methods.get(&method_raw.to_lowercase()) else {
        violations.push(format!("unknown method {method_raw}"));
        return None;
    };
    let given = params.as_object().cloned().unwrap_or_default();
    for (field, required) in fields {
        if *required && !given.contains_key(field) {
            violations.push(format!("{name}: required parameter {field} missing"));
        }
    }
    for key in given.keys() {
        if !fields.iter().any(|(f, _)| f == key) {
            violations.push(format!("{name}: unknown parameter {key}"));
        }
    }
    if let Some(text) = given.get("text").and_then(Value::as_str) {
        let n = count_chars(text);
        if !(1..=4096).contains(&n) {
            violations.push(format!("{name}: text has {n} characters (1-4096 allowed)"));
        }
    }
    if let Some(caption) = given.get("caption").and_then(Value::as_str)
        && count_chars(caption) > 1024
    {
        violations.push(format!("{name}: caption longer than 1024"));
    }
    if let Some(rows) = params["reply_markup"]["inline_keyboard"].as_array() {
        for b in rows.iter().filter_map(Value::as_array).flatten() {
            let data = b["callback_data"].as_str().unwrap_or_default();
            if data.is_empty() || data.len() > 64 {
                violations.push(format!("{name}: callback_data of {} bytes", data.len()));
            }
            let label = b["text"].as_str().unwrap_or_default();
            if label.is_empty() {
                violations.push(format!("{name}: button without text"));
            }
        }
    }
    Some(name.clone())
}

async fn read_params(request: Request) -> Result<Value, String> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|e| e.to_string())?;
        let mut out = serde_json::Map::new();
        while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes = field.bytes().await.map_err(|e| e.to_string())?;
            let value = match file_name {
                Some(file) => {
                    json!({"file_name": file, "len": bytes.len(), "bytes": bytes.to_vec()})
                }
                None => {
                    let s = String::from_utf8_lossy(&bytes).to_string();
                    // Multipart sends numbers and objects as JSON text.
                    serde_json::from_str(&s).unwrap_or(Value::String(s))
                }
            };
            out.insert(name, value);
        }
        // Files are sent as separate parts referenced by "attach://<part>";
        // the part itself is not a parameter.
        let attached: Vec<(String, String)> = out
            .iter()
            .filter_map(|(k, v)| {
                let part = v.as_str()?.strip_prefix("attach://")?;
                Some((k.clone(), part.to_string()))
            })
            .collect();
        for (key, part) in attached {
            if let Some(file) = out.remove(&part) {
                out.insert(key, file);
            }
        }
        Ok(Value::Object(out))
    } else {
        let bytes = Bytes::from_request(request, &())
            .await
            .map_err(|e| e.to_string())?;
        if bytes.is_empty() {
            return Ok(json!({}));
        }
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }
}

fn ok(result: Value) -> Response {
    (
        StatusCode::OK,
        axum::Json(json!({"ok": true, "result": result})),
    )
        .into_response()
}

fn error(status: StatusCode, description: &str, parameters: Option<Value>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    (status, axum::Json(body)).into_response()
}

async fn handle(
    State(fake): State<FakeTelegram>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    if bot != format!("bot{TOKEN}") {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    let params = match read_params(request).await {
        Ok(p) => p,
        Err(e) => {
            fake.lock()
                .violations
                .push(format!("{method}: unreadable body: {e}"));
            return error(
                StatusCode::BAD_REQUEST,
                "Bad Request: unreadable body",
                None,
            );
        }
    };
    let (canonical, failure) = {
        let mut inner = fake.lock();
        let mut violations = Vec::new();
        let canonical = validate(&method, &params, &mut violations);
        inner.violations.extend(violations);
        let chat = Recorded {
            method: String::new(),
            params: params.clone(),
            at: Instant::now(),
            ok: false,
        }
        .chat_id();
        let name = canonical.clone().unwrap_or(method.clone());
        inner.arrivals.push((name, chat));
        let failure = inner
            .failures
            .get_mut(&method.to_lowercase())
            .and_then(VecDeque::pop_front)
            .or_else(|| rate_check(&mut inner, &method));
        (canonical.unwrap_or(method.clone()), failure)
    };
    let response = answer(&fake, &canonical, &params, failure).await;
    let success = response.status() == StatusCode::OK;
    {
        let at = Instant::now();
        let mut inner = fake.lock();
        let rec = Recorded {
            method: canonical,
            params,
            at,
            ok: success,
        };
        if success
            && rec.method.starts_with("send")
            && let Some(chat) = rec.chat_id()
        {
            inner.chat_sends.entry(chat).or_default().push(at);
            if let Some(waiters) = inner.chat_waiters.get(&chat) {
                waiters.notify_waiters();
            }
        }
        inner.requests.push(rec);
    }
    fake.new_request.notify_waiters();
    response
}

/// The enforced send limit: a 429 when the window is full, else the send
/// is counted.
fn rate_check(inner: &mut Inner, method: &str) -> Option<Failure> {
    let (limit, window) = inner.rate?;
    if !method.to_lowercase().starts_with("send") {
        return None;
    }
    let now = Instant::now();
    while inner
        .rate_log
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        inner.rate_log.pop_front();
    }
    if inner.rate_log.len() >= limit {
        inner.rate_limited += 1;
        let free = inner.rate_log.front().map(|t| *t + window - now);
        let retry_after = free.map_or(1, |d| d.as_secs_f64().ceil().max(1.0) as u32);
        return Some(Failure::TooManyRequests { retry_after });
    }
    inner.rate_log.push_back(now);
    None
}

async fn answer(
    fake: &FakeTelegram,
    method: &str,
    params: &Value,
    failure: Option<Failure>,
) -> Response {
    match failure {
        Some(Failure::TooManyRequests { retry_after }) => {
            return error(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Too Many Requests: retry after {retry_after}"),
                Some(json!({"retry_after": retry_after})),
            );
        }
        Some(Failure::Delay(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    let chat_id = match &params["chat_id"] {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    };
    if method.starts_with("send")
        && let Some(chat) = chat_id
        && fake.lock().blocked.contains(&chat)
    {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden: bot was blocked by the user",
            None,
        );
    }
    match method {
        "getUpdates" => get_updates(fake, params).await,
        "getFile" => {
            let id = params["file_id"].as_str().unwrap_or_default();
            let file = fake.lock().files.get(id).cloned();
            match file {
                Some((path, size, _)) => ok(json!({
                    "file_id": id, "file_unique_id": format!("u{id}"),
                    "file_size": size, "file_path": path
                })),
                None => error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: invalid file_id",
                    None,
                ),
            }
        }
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Coach",
            "username": "gesprekscoach_test_bot",
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false,
        })),
        "sendMessage" | "sendPhoto" | "sendDocument" => {
            let message_id = {
                let mut inner = fake.lock();
                inner.next_message_id += 1;
                inner.next_message_id
            };
            let chat = chat_id.unwrap_or(0);
            let mut m = json!({
                "message_id": message_id,
                "date": 1_700_000_000,
                "chat": {"id": chat, "type": "private", "first_name": "Student"},
                "from": {"id": BOT_ID, "is_bot": true, "first_name": "Coach"},
            });
            match method {
                "sendMessage" => m["text"] = params["text"].clone(),
                "sendPhoto" => {
                    m["photo"] = json!([{"file_id": "ph", "file_unique_id": "phu", "width": 800, "height": 300}])
                }
                _ => {
                    m["document"] = json!({"file_id": "doc", "file_unique_id": "docu", "file_name": "mijngegevens.json"})
                }
            }
            ok(m)
        }
        _ => ok(json!(true)),
    }
}

/// `GET /file/bot<token>/<file_path>`: the file's bytes.
async fn download(
    State(fake): State<FakeTelegram>,
    Path((bot, path)): Path<(String, String)>,
) -> Response {
    if bot != format!("bot{TOKEN}") {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    let content = {
        let mut inner = fake.lock();
        inner.downloads.push(path.clone());
        inner
            .files
            .values()
            .find(|(p, _, _)| *p == path)
            .map(|(_, _, c)| c.clone())
    };
    fake.new_request.notify_waiters();
    match content {
        Some(c) => (StatusCode::OK, c).into_response(),
        None => error(StatusCode::NOT_FOUND, "Not Found", None),
    }
}

async fn get_updates(fake: &FakeTelegram, params: &Value) -> Response {
    let offset = params["offset"].as_i64().unwrap_or(0);
    let limit = params["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let timeout = Duration::from_secs(params["timeout"].as_u64().unwrap_or(0));
    let deadline = Instant::now() + timeout;
    loop {
        let notified = fake.new_update.notified();
        let batch: Vec<Value> = {
            let mut inner = fake.lock();
            // Telegram forgets updates below the offset: they are confirmed.
            inner
                .updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            let mut batch: Vec<Value> = inner.redeliveries.drain(..).collect();
            batch.extend(inner.updates.iter().take(limit).cloned());
            batch.sort_by_key(|u| u["update_id"].as_i64());
            batch
        };
        if !batch.is_empty() {
            return ok(Value::Array(batch));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return ok(json!([]));
        }
        let _ = tokio::time::timeout(left, notified).await;
    }
}
