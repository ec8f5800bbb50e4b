//! The OpenAPI 3.1 document of the server, built from the route table ([`routes::ROUTES`]) and
//! the error code table ([`ErrorCode::ALL`]) with utoipa's builder: every route with its
//! parameters, its auth (the app's public or secret token in `x-sentc-app-token`, a user's JWT),
//! the sentc envelope of its answers, and per HTTP status the error codes it may answer with.
//! Served at `GET /api/v1/openapi.json`; the committed copy (`docs/openapi.json`) is checked by a
//! test to be this document.

pub mod routes;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use sentc_core::{ErrorArea, ErrorCode};
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn, PathItemBuilder};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, HttpMethod, InfoBuilder, KnownFormat, OpenApi,
    OpenApiBuilder, PathsBuilder, Ref, RefOr, Required, ResponseBuilder,
};

use crate::apps::Access;
use routes::{Answer, Auth, Body, Domain, ROUTES, RouteDoc, Verb};

/// The schemes of [`Auth`].
const PUBLIC_TOKEN: &str = "public_token";
const SECRET_TOKEN: &str = "secret_token";
const JWT: &str = "jwt";

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> Response {
    // Built once per process: the document never changes while it runs.
    static JSON: OnceLock<Option<String>> = OnceLock::new();
    match JSON.get_or_init(|| document().to_pretty_json().ok()) {
        Some(json) => ([(header::CONTENT_TYPE, "application/json")], json.clone()).into_response(),
        None => crate::error::ApiError::from(ErrorCode::Internal).into_response(),
    }
}

/// The document.
pub fn document() -> OpenApi {
    let mut by_path: BTreeMap<&str, PathItemBuilder> = BTreeMap::new();
    for route in ROUTES {
        let item = by_path.remove(route.path).unwrap_or_default();
        by_path.insert(
            route.path,
            item.operation(method(route.verb), operation(route)),
        );
    }
    let paths = by_path
        .into_iter()
        .fold(PathsBuilder::new(), |paths, (path, item)| {
            paths.path(path, item.build())
        });
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("sentc-server")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "The sentc API: end-to-end encryption with user and group management. \
                     The server stores keys (wrapped), group state and hashes; it never sees \
                     a password, a plaintext key or plaintext data. Every answer of the API \
                     is the sentc envelope: `{\"status\":true,\"result\":…}` or \
                     `{\"status\":false,\"err_code\":N,\"err_msg\":…}` with the stable codes of \
                     docs/errors.md.",
                )),
        )
        .paths(paths)
        .components(Some(components()))
        .tags(Some(
            [
                ("operations", "Probes, metrics, the JWKS and this document"),
                (
                    "users",
                    "Registration, login, devices, sessions, second factors",
                ),
                ("groups", "Groups, members, invites, key rotation"),
                ("keys", "Registered symmetric keys"),
                ("files", "Files and their parts"),
            ]
            .map(|(name, about)| {
                TagBuilder::new()
                    .name(name)
                    .description(Some(about))
                    .build()
            }),
        ))
        .build()
}

fn method(verb: Verb) -> HttpMethod {
    match verb {
        Verb::Get => HttpMethod::Get,
        Verb::Post => HttpMethod::Post,
        Verb::Put => HttpMethod::Put,
        Verb::Patch => HttpMethod::Patch,
        Verb::Delete => HttpMethod::Delete,
    }
}

const fn tag(domain: Domain) -> &'static str {
    match domain {
        Domain::Operations => "operations",
        Domain::Users => "users",
        Domain::Groups => "groups",
        Domain::Keys => "keys",
        Domain::Files => "files",
    }
}

/// A route's operation id: the method and the path, e.g. `put_api_v1_group_group_id_invite`.
pub fn operation_id(route: &RouteDoc) -> String {
    let path: String = route
        .path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let path: Vec<&str> = path.split('_').filter(|part| !part.is_empty()).collect();
    format!("{}_{}", route.verb.as_str().to_lowercase(), path.join("_"))
}

fn operation(route: &RouteDoc) -> utoipa::openapi::path::Operation {
    let mut operation = OperationBuilder::new()
        .operation_id(Some(operation_id(route)))
        .summary(Some(route.summary))
        .tag(tag(route.domain));
    for name in path_parameters(route.path) {
        operation = operation.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(string())),
        );
    }
    if route.domain == Domain::Groups || route.domain == Domain::Files {
        operation = operation.parameter(
            ParameterBuilder::new()
                .name(sentc_core::protocol::paths::GROUP_ACCESS_HEADER)
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(
                    "The member group through which the caller reaches a connected group",
                ))
                .schema(Some(string())),
        );
    }
    for requirement in security(route.auth) {
        operation = operation.security(requirement);
    }
    operation = operation.request_body(request_body(route.body));
    for (status, response) in responses(route) {
        operation = operation.response(status, response);
    }
    operation.build()
}

/// The `{name}` parameters of a path, in order.
fn path_parameters(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

/// Who may call: either token for public endpoints, the secret one for the backend's; with a
/// JWT where a user is needed. No requirement: open.
fn security(auth: Auth) -> Vec<SecurityRequirement> {
    let (endpoint, jwt) = match auth {
        Auth::None => return Vec::new(),
        Auth::App(endpoint) => (endpoint, false),
        Auth::User(endpoint) => (endpoint, true),
    };
    // An app may turn an endpoint off (`Disabled`, answered with 4004) or open it to the
    // public token; the document names the defaults.
    let tokens: &[&str] = match endpoint.default_access() {
        Access::Public => &[PUBLIC_TOKEN, SECRET_TOKEN],
        Access::Secret | Access::Disabled => &[SECRET_TOKEN],
    };
    tokens
        .iter()
        .map(|token| {
            let requirement = SecurityRequirement::new(*token, Vec::<String>::new());
            if jwt {
                requirement.add(JWT, Vec::<String>::new())
            } else {
                requirement
            }
        })
        .collect()
}

fn request_body(body: Body) -> Option<utoipa::openapi::request_body::RequestBody> {
    let (content_type, schema, description) = match body {
        Body::None => return None,
        Body::Json => (
            "application/json",
            ObjectBuilder::new().schema_type(Type::Object).build(),
            "The request, as the sentc clients build it",
        ),
        Body::Bytes => (
            "application/octet-stream",
            string()
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                .build(),
            "An encrypted file part",
        ),
    };
    Some(
        RequestBodyBuilder::new()
            .description(Some(description))
            .required(Some(Required::True))
            .content(
                content_type,
                ContentBuilder::new()
                    .schema(Some(Schema::Object(schema)))
                    .build(),
            )
            .build(),
    )
}

/// The success answer and, per HTTP status, the error codes of the route's areas.
fn responses(route: &RouteDoc) -> Vec<(String, RefOr<utoipa::openapi::Response>)> {
    let mut responses = vec![("200".to_owned(), success(route).into())];
    if route.path == "/ready" {
        responses.push(("503".to_owned(), not_ready().into()));
        return responses;
    }
    if route.path == "/metrics" {
        let unauthorized = ResponseBuilder::new()
            .description("The metrics token is missing or wrong")
            .content(
                "text/plain",
                ContentBuilder::new().schema(Some(string())).build(),
            )
            .build();
        responses.push(("401".to_owned(), unauthorized.into()));
        return responses;
    }
    for status in error_codes(route.domain).keys() {
        let name = error_response_name(route.domain, *status);
        responses.push((
            status.to_string(),
            Ref::new(format!("#/components/responses/{name}")).into(),
        ));
    }
    responses
}

/// The codes a route of `domain` may answer with, by HTTP status: those of its areas, a
/// failure of the request itself (1xxx) and the server's own 9xxx.
fn error_codes(domain: Domain) -> BTreeMap<u16, Vec<ErrorCode>> {
    let mut areas: Vec<ErrorArea> = domain.areas().to_vec();
    areas.extend([ErrorArea::Input, ErrorArea::Server]);
    let mut by_status: BTreeMap<u16, Vec<ErrorCode>> = BTreeMap::new();
    for code in ErrorCode::ALL {
        if areas.contains(&code.area()) {
            by_status.entry(code.http_status()).or_default().push(*code);
        }
    }
    by_status
}

/// The name of the shared error response of a domain and status, e.g. `groups_403`.
fn error_response_name(domain: Domain, status: u16) -> String {
    format!("{}_{status}", tag(domain))
}

/// The error envelope with the codes of one domain and status.
fn error_response(codes: &[ErrorCode]) -> utoipa::openapi::Response {
    let list: Vec<String> = codes
        .iter()
        .map(|code| format!("{} {}", code.code(), code.name()))
        .collect();
    let schema = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "status",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .enum_values(Some([false])),
        )
        .property(
            "err_code",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .enum_values(Some(codes.iter().map(|code| code.code()))),
        )
        .property("err_msg", string())
        .property("key_id", string())
        .required("status")
        .required("err_code")
        .required("err_msg");
    ResponseBuilder::new()
        .description(format!(
            "The error envelope with one of: {}",
            list.join(", ")
        ))
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

fn success(route: &RouteDoc) -> utoipa::openapi::Response {
    let (content_type, schema, description): (&str, RefOr<Schema>, &str) = match route.answer {
        Answer::Envelope => (
            "application/json",
            Ref::from_schema_name("Ok").into(),
            "The success envelope",
        ),
        Answer::Bytes => (
            "application/octet-stream",
            string()
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                .into(),
            "The bytes",
        ),
        Answer::Text => (
            "application/openmetrics-text",
            string().into(),
            "Prometheus metrics, OpenMetrics text format",
        ),
        Answer::PlainJson => (
            "application/json",
            ObjectBuilder::new().schema_type(Type::Object).into(),
            "A JSON object",
        ),
    };
    ResponseBuilder::new()
        .description(description)
        .content(
            content_type,
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

fn not_ready() -> utoipa::openapi::Response {
    let schema = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("status", string().enum_values(Some(["not_ready"])))
        .property(
            "reason",
            string().enum_values(Some([
                "database_unreachable",
                "migrations_pending",
                "shutting_down",
            ])),
        )
        .required("status")
        .required("reason");
    ResponseBuilder::new()
        .description("Not ready, with the reason")
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

fn components() -> utoipa::openapi::Components {
    let ok = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("The success envelope; `result` is the route's answer"))
        .property(
            "status",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .enum_values(Some([true])),
        )
        .property("result", json_value())
        .required("status")
        .required("result");
    let token = |about: &str| {
        let mut key = ApiKeyValue::new("x-sentc-app-token");
        key.description = Some(about.to_owned());
        SecurityScheme::ApiKey(ApiKey::Header(key))
    };
    let mut components = ComponentsBuilder::new();
    for domain in [
        Domain::Operations,
        Domain::Users,
        Domain::Groups,
        Domain::Keys,
        Domain::Files,
    ] {
        for (status, codes) in error_codes(domain) {
            components =
                components.response(error_response_name(domain, status), error_response(&codes));
        }
    }
    components
        .schema("Ok", ok)
        .security_scheme(
            PUBLIC_TOKEN,
            token("The app's public token (for browsers and apps)"),
        )
        .security_scheme(
            SECRET_TOKEN,
            token("The app's secret token (for the app's own backend only)"),
        )
        .security_scheme(
            JWT,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("A user's JWT from verify_login or refresh"))
                    .build(),
            ),
        )
        .build()
}

/// Any JSON value (`result` differs per route).
fn json_value() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::AnyValue)
        .description(Some("The route's answer"))
}
