//! Many clients at once on a database with several connections: SQLite in a file (write
//! transactions must take the lock up front, or they fail with SQLITE_BUSY) and PostgreSQL.

mod common;

use common::{PASSWORD, TestEnv, login};

async fn concurrent_logins(env: TestEnv) {
    for i in 0..8 {
        env.register(&format!("user{i}")).await;
    }
    let env = std::sync::Arc::new(env);
    let mut tasks = Vec::new();
    for i in 0..16 {
        let env = env.clone();
        tasks.push(tokio::spawn(async move {
            let client = env.client();
            let user = login(&client, &format!("user{}", i % 8), PASSWORD).await;
            user.refresh().await.unwrap();
            assert_eq!(user.devices(None).await.unwrap().len(), 1);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_logins_on_sqlite_file() {
    concurrent_logins(TestEnv::sqlite_file().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_logins_on_postgres() {
    concurrent_logins(TestEnv::postgres().await).await;
}
