//! The calling app: every request carries `x-sentc-app-token`. A route layer checks the token
//! against the route's endpoint options before the handler runs.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sentc_core::ErrorCode;

use crate::apps::{self, App, Endpoint, TokenKind};
use crate::error::ApiError;
use crate::state::AppState;

/// The app of a request and the kind of token it used, set by [`endpoint`].
#[derive(Debug, Clone)]
pub struct RequestApp {
    /// The app.
    pub app: App,
    /// Which of its tokens the request carried.
    pub token: TokenKind,
}

/// The route layer for `endpoint`: resolves the app token and checks the endpoint's access.
pub fn endpoint(
    endpoint: Endpoint,
) -> impl Fn(State<AppState>, Request, Next) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>>
+ Clone
+ Send
+ 'static {
    move |State(state): State<AppState>, request: Request, next: Next| {
        let token = request
            .headers()
            .get("x-sentc-app-token")
            .map(|value| value.to_str().map(str::to_string));
        Box::pin(async move {
            match resolve(&state, token, endpoint).await {
                Ok(app) => {
                    let mut request = request;
                    request.extensions_mut().insert(app);
                    next.run(request).await
                }
                Err(error) => error.into_response(),
            }
        })
    }
}

/// The header's value: missing, not text, or text.
type TokenHeader = Option<Result<String, axum::http::header::ToStrError>>;

async fn resolve(
    state: &AppState,
    token: TokenHeader,
    endpoint: Endpoint,
) -> Result<RequestApp, ApiError> {
    let token = token
        .ok_or(ErrorCode::AppTokenMissing)?
        .map_err(|_| ErrorCode::AppTokenInvalid)?;
    if token.is_empty() || token.len() > 256 {
        return Err(ErrorCode::AppTokenInvalid.into());
    }
    let mut connection = state.db.pool.acquire().await?;
    let (app, kind) = apps::find_by_token(&mut connection, &token)
        .await?
        .ok_or(ErrorCode::AppTokenInvalid)?;
    app.check(endpoint, kind)?;
    Ok(RequestApp { app, token: kind })
}
