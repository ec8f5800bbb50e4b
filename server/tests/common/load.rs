//! The load generator: logged-in users of the real client run a mixed workload against
//! `sentc-server` processes on loopback for a fixed time, then the database is checked for every
//! write the clients were told succeeded.
//!
//! Before the clock starts (as `server/benches/login.rs` does): every user is registered and
//! logged in (Argon2), its login for the `login` operation is prepared (Argon2 again: the timed
//! login is the server's work and the client's non-Argon2 steps), and it owns a group with a
//! partner as member. Then each user loops over the mix:
//!
//! - `group_fetch`: fetches its group with the key chain verified;
//! - `register_key`: registers a new symmetric key of its group and encrypts with it;
//! - `login`: prepare, done and verify login, with the client's steps but the password hash;
//! - `invite_accept`: invites a third user, who accepts; then kicks them again;
//! - `rotation`: starts a key rotation of its group; the partner finishes what is ready;
//! - `file_round_trip`: uploads a 40 KiB file in three parts and downloads it, bytes compared.
//!
//! Each operation is timed from the client's side (p50, p99). Afterwards: every error, how many
//! were server errors (5xx), and lost writes: registered keys, complete files, group key
//! generations and memberships in the database against what the clients were told.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sentc_core::client::{MemoryStore, Sentc, SentcOptions};
use sentc_core::group::VerifyLevel;
use sentc_core::protocol::paths;
use sentc_core::user::{
    LoginSecrets, LoginState, done_login, done_verify_login, prepare_login, prepare_login_start,
};

use super::nodes::AlternatingTransport;
use super::process::Deployment;

type LoadUser = sentc_core::client::User<AlternatingTransport, MemoryStore>;

const PASSWORD: &str = "load password";
const FILE_BYTES: usize = 40 * 1024;
const FILE_PART: usize = 16 * 1024;

/// The operations of the mix, in the order each user cycles through them (group fetches are
/// the most frequent, as in an app).
const MIX: &[Op] = &[
    Op::GroupFetch,
    Op::RegisterKey,
    Op::GroupFetch,
    Op::Login,
    Op::GroupFetch,
    Op::InviteAccept,
    Op::GroupFetch,
    Op::RegisterKey,
    Op::Rotation,
    Op::FileRoundTrip,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    GroupFetch,
    RegisterKey,
    Login,
    InviteAccept,
    Rotation,
    FileRoundTrip,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::GroupFetch => "group_fetch",
            Op::RegisterKey => "register_key",
            Op::Login => "login",
            Op::InviteAccept => "invite_accept",
            Op::Rotation => "rotation",
            Op::FileRoundTrip => "file_round_trip",
        }
    }
}

/// Where the load goes: the nodes' base URLs (requests alternate between them), their process
/// ids (for the peak RSS), and the deployment (the app, the test's view of the database).
pub struct Target<'a> {
    pub urls: Vec<String>,
    pub pids: Vec<u32>,
    pub deployment: &'a Deployment,
}

/// One user of the load, with what it owns.
struct LoadClient {
    identifier: String,
    user: LoadUser,
    group_id: String,
    login: (String, LoginSecrets),
}

/// What the clients were told succeeded, per user.
#[derive(Default, Clone)]
struct Writes {
    keys: i64,
    files: i64,
    rotations: i64,
}

/// The figures of one operation.
#[derive(Debug, Clone)]
pub struct OpFigures {
    pub count: usize,
    pub errors: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// What a run measured and found.
#[derive(Debug)]
pub struct Report {
    pub clients: usize,
    pub seconds: f64,
    pub ops: BTreeMap<&'static str, OpFigures>,
    /// Every failed operation's error (the first 50).
    pub errors: Vec<String>,
    pub error_count: usize,
    /// Failed operations whose error was a server error (5xx) or a transport failure.
    pub server_errors: usize,
    /// Writes the clients were told succeeded that the database does not hold (or the
    /// other way round).
    pub lost_writes: Vec<String>,
    /// Peak resident set size of each server process, KiB (`VmHWM`).
    pub peak_rss_kib: Vec<u64>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: usize = self.ops.values().map(|op| op.count).sum();
        writeln!(
            f,
            "{} clients, {:.1} s, {total} operations ({:.0}/s), {} errors ({} server errors), {} lost writes, peak RSS {:?} KiB",
            self.clients,
            self.seconds,
            total as f64 / self.seconds,
            self.error_count,
            self.server_errors,
            self.lost_writes.len(),
            self.peak_rss_kib
        )?;
        writeln!(f, "| operation | count | errors | p50 ms | p99 ms |")?;
        writeln!(f, "|---|---|---|---|---|")?;
        for (name, op) in &self.ops {
            writeln!(
                f,
                "| {name} | {} | {} | {:.1} | {:.1} |",
                op.count, op.errors, op.p50_ms, op.p99_ms
            )?;
        }
        for error in &self.errors {
            writeln!(f, "error: {error}")?;
        }
        for lost in &self.lost_writes {
            writeln!(f, "lost write: {lost}")?;
        }
        Ok(())
    }
}

/// Sets up `clients` users, runs the mix for `duration`, and checks the database.
pub async fn run(target: &Target<'_>, clients: usize, duration: Duration) -> Report {
    assert!(clients >= 3, "the mix needs a partner and a guest per user");
    let users = setup(target, clients).await;
    let users = Arc::new(users);
    let started = Instant::now();
    let stop = started + duration;
    let mut tasks = Vec::new();
    for index in 0..clients {
        let users = users.clone();
        let urls = target.urls.clone();
        let token = target.deployment.app.public_token.to_string();
        tasks.push(tokio::spawn(async move {
            client_loop(&users, index, &urls, &token, stop).await
        }));
    }
    let mut samples: BTreeMap<Op, Vec<Duration>> = BTreeMap::new();
    let mut errors: BTreeMap<Op, Vec<sentc_core::Error>> = BTreeMap::new();
    let mut writes = Vec::new();
    for task in tasks {
        let (task_samples, task_errors, task_writes) = task.await.unwrap();
        for (op, mut times) in task_samples {
            samples.entry(op).or_default().append(&mut times);
        }
        for (op, mut errs) in task_errors {
            errors.entry(op).or_default().append(&mut errs);
        }
        writes.push(task_writes);
    }
    let seconds = started.elapsed().as_secs_f64();
    let peak_rss_kib = target.pids.iter().map(|pid| peak_rss(*pid)).collect();
    let lost_writes = check_writes(target, &users, &writes).await;
    report(clients, seconds, samples, errors, lost_writes, peak_rss_kib)
}

fn report(
    clients: usize,
    seconds: f64,
    samples: BTreeMap<Op, Vec<Duration>>,
    errors: BTreeMap<Op, Vec<sentc_core::Error>>,
    lost_writes: Vec<String>,
    peak_rss_kib: Vec<u64>,
) -> Report {
    let mut ops = BTreeMap::new();
    for (op, mut times) in samples {
        times.sort();
        let at = |q: f64| {
            let index = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
            times[index].as_secs_f64() * 1000.0
        };
        let failed = errors.get(&op).map_or(0, Vec::len);
        ops.insert(
            op.name(),
            OpFigures {
                count: times.len(),
                errors: failed,
                p50_ms: at(0.50),
                p99_ms: at(0.99),
            },
        );
    }
    let all: Vec<&sentc_core::Error> = errors.values().flatten().collect();
    let server_errors = all
        .iter()
        .filter(|error| error.code().http_status() >= 500 || error.code().code() >= 10000)
        .count();
    Report {
        clients,
        seconds,
        ops,
        errors: all.iter().take(50).map(|error| error.to_string()).collect(),
        error_count: all.len(),
        server_errors,
        lost_writes,
        peak_rss_kib,
    }
}

/// A client whose requests alternate between the target's nodes.
fn client(target: &Target<'_>) -> Sentc<AlternatingTransport, MemoryStore> {
    Sentc::new(
        SentcOptions::new(&target.urls[0], target.deployment.app.public_token.as_str()),
        AlternatingTransport::unrecorded(target.urls.clone()),
        MemoryStore::default(),
    )
}

/// Registers and logs in every user, prepares its timed login, and gives it a group with the
/// next user as member (two setup tasks at a time: Argon2 is most of it).
async fn setup(target: &Target<'_>, clients: usize) -> Vec<LoadClient> {
    let mut users = Vec::with_capacity(clients);
    let mut index = 0;
    while index < clients {
        if index + 1 < clients {
            let (a, b) = tokio::join!(setup_one(target, index), setup_one(target, index + 1));
            users.extend([a, b]);
        } else {
            users.push(setup_one(target, index).await);
        }
        index += 2;
    }
    for (index, owner) in users.iter().enumerate() {
        let partner = &users[(index + 1) % clients];
        let group = owner
            .user
            .get_group(&owner.group_id, VerifyLevel::Chain)
            .await
            .unwrap();
        group
            .invite_auto(&partner.user.user_id().unwrap(), None)
            .await
            .unwrap();
    }
    users
}

async fn setup_one(target: &Target<'_>, index: usize) -> LoadClient {
    let identifier = format!("load-{index}-{}", sentc_server::secrets::new_id().unwrap());
    target
        .deployment
        .register(&target.urls[0], &identifier, PASSWORD)
        .await;
    let user = super::login(&client(target), &identifier, PASSWORD).await;
    let group_id = user.create_group(false).await.unwrap();
    let http = sentc_core::client::HttpTransport::new().unwrap();
    let endpoint = (
        &http,
        target.urls[0].as_str(),
        target.deployment.app.public_token.as_str(),
    );
    let prepared = post(
        endpoint,
        paths::PREPARE_LOGIN,
        prepare_login_start(&identifier).unwrap(),
    )
    .await
    .unwrap();
    let login = prepare_login(&identifier, PASSWORD, &prepared).unwrap();
    LoadClient {
        identifier,
        user,
        group_id,
        login,
    }
}

type TaskResult = (
    BTreeMap<Op, Vec<Duration>>,
    BTreeMap<Op, Vec<sentc_core::Error>>,
    Writes,
);

/// One user's loop until `stop`.
async fn client_loop(
    users: &[LoadClient],
    index: usize,
    urls: &[String],
    token: &str,
    stop: Instant,
) -> TaskResult {
    let mut samples: BTreeMap<Op, Vec<Duration>> = BTreeMap::new();
    let mut errors: BTreeMap<Op, Vec<sentc_core::Error>> = BTreeMap::new();
    let mut writes = Writes::default();
    let http = sentc_core::client::HttpTransport::new().unwrap();
    let mut step = index;
    let file: Vec<u8> = (0..FILE_BYTES).map(|i| (i * 7 + index) as u8).collect();
    while Instant::now() < stop {
        let op = MIX[step % MIX.len()];
        let url = &urls[step % urls.len()];
        step += 1;
        let started = Instant::now();
        let result = run_op(op, users, index, (&http, url, token), &file, &mut writes).await;
        samples.entry(op).or_default().push(started.elapsed());
        if let Err(error) = result {
            errors.entry(op).or_default().push(error);
        }
    }
    (samples, errors, writes)
}

async fn run_op(
    op: Op,
    users: &[LoadClient],
    index: usize,
    endpoint: Endpoint<'_>,
    file: &[u8],
    writes: &mut Writes,
) -> sentc_core::Result<()> {
    let me = &users[index];
    match op {
        Op::GroupFetch => {
            me.user.get_group(&me.group_id, VerifyLevel::Chain).await?;
        }
        Op::RegisterKey => {
            let group = me.user.get_group(&me.group_id, VerifyLevel::Chain).await?;
            let key = group.register_key().await?;
            writes.keys += 1;
            key.encrypt(b"a note under a registered key")?;
        }
        Op::Login => login(me, endpoint).await?,
        Op::InviteAccept => {
            let guest = &users[(index + 2) % users.len()];
            let guest_id = guest.user.user_id()?;
            let group = me.user.get_group(&me.group_id, VerifyLevel::Chain).await?;
            group.invite(&guest_id, None).await?;
            guest.user.accept_group_invite(&me.group_id).await?;
            group.kick(&guest_id).await?;
        }
        Op::Rotation => {
            let group = me.user.get_group(&me.group_id, VerifyLevel::Chain).await?;
            group.key_rotation(false).await?;
            writes.rotations += 1;
            let partner = &users[(index + 1) % users.len()];
            let theirs = partner
                .user
                .get_group(&me.group_id, VerifyLevel::Chain)
                .await?;
            theirs.finish_key_rotations().await?;
        }
        Op::FileRoundTrip => {
            let created = me
                .user
                .create_file(file, Some("load.bin"), None, false, Some(FILE_PART))
                .await?;
            writes.files += 1;
            let (bytes, _, _) = me.user.download_file(created.file_id, None).await?;
            if bytes != file {
                return Err(sentc_core::Error::with_detail(
                    sentc_core::ErrorCode::Internal,
                    "the downloaded file differs",
                ));
            }
        }
    }
    Ok(())
}

/// The HTTP client, the node and the app token for a raw request.
type Endpoint<'a> = (&'a sentc_core::client::HttpTransport, &'a str, &'a str);

/// A login with the client's steps but the password hash (prepared in the setup).
async fn login(me: &LoadClient, endpoint: Endpoint<'_>) -> sentc_core::Result<()> {
    let (done_body, secrets) = &me.login;
    post(
        endpoint,
        paths::PREPARE_LOGIN,
        prepare_login_start(&me.identifier)?,
    )
    .await?;
    let done = post(endpoint, paths::DONE_LOGIN, done_body.clone()).await?;
    let LoginState::Challenge(pending) = done_login(secrets, &done)? else {
        return Err(sentc_core::Error::with_detail(
            sentc_core::ErrorCode::Internal,
            "no second factor in the load",
        ));
    };
    let verified = post(
        endpoint,
        paths::VERIFY_LOGIN,
        pending.verify_body().to_string(),
    )
    .await?;
    done_verify_login(*pending, &me.identifier, &verified, Default::default())?;
    Ok(())
}

/// POSTs a JSON body with the app token; the response body (the envelope, checked by the
/// core's functions that read it).
async fn post(
    (http, url, token): Endpoint<'_>,
    path: &str,
    body: String,
) -> sentc_core::Result<String> {
    let response = sentc_core::client::Transport::send(
        http,
        sentc_core::client::HttpRequest {
            method: sentc_core::client::Method::Post,
            url: format!("{url}{path}"),
            headers: vec![("x-sentc-app-token".into(), token.into())],
            body: Some(sentc_core::client::Body::Json(body)),
            with_credentials: false,
        },
    )
    .await?;
    String::from_utf8(response.body)
        .map_err(|_| sentc_core::Error::new(sentc_core::ErrorCode::MalformedInput))
}

/// Waits for the rotation jobs, then compares the database with what the clients were told.
async fn check_writes(target: &Target<'_>, users: &[LoadClient], writes: &[Writes]) -> Vec<String> {
    let pool = &target.deployment.state.db.pool;
    let scalar = |sql: &'static str, bind: String| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .bind(bind)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let app = target.deployment.app.id.clone();
    for _ in 0..600 {
        let open = scalar(
            "SELECT COUNT(*) FROM group_rotation_jobs j JOIN groups g ON g.id = j.group_id \
             WHERE g.app_id = $1 AND j.done = 0",
            app.clone(),
        )
        .await;
        if open == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut lost = Vec::new();
    let mut expect = |what: String, told: i64, found: i64| {
        if told != found {
            lost.push(format!(
                "{what}: clients were told {told}, the database has {found}"
            ));
        }
    };
    let keys: i64 = writes.iter().map(|w| w.keys).sum();
    let files: i64 = writes.iter().map(|w| w.files).sum();
    expect(
        "registered keys".into(),
        keys,
        scalar(
            "SELECT COUNT(*) FROM sym_keys WHERE app_id = $1",
            app.clone(),
        )
        .await,
    );
    expect(
        "complete files".into(),
        files,
        scalar(
            "SELECT COUNT(*) FROM files WHERE app_id = $1 AND complete = 1 AND deleted_at IS NULL",
            app.clone(),
        )
        .await,
    );
    for (user, written) in users.iter().zip(writes) {
        expect(
            format!("key generations of {}", user.group_id),
            1 + written.rotations,
            scalar(
                "SELECT COUNT(*) FROM group_keys WHERE group_id = $1",
                user.group_id.clone(),
            )
            .await,
        );
        expect(
            format!("members of {}", user.group_id),
            2,
            scalar(
                "SELECT COUNT(*) FROM group_members WHERE group_id = $1",
                user.group_id.clone(),
            )
            .await,
        );
    }
    lost
}

/// A process's peak resident set size in KiB (0 if it cannot be read).
fn peak_rss(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
