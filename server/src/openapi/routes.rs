//! Every route of the server with what a client needs to call it: the method, the path, the
//! auth, the body it takes and gives, and the error areas its codes come from. The OpenAPI
//! document is built from this table; `server/tests/openapi.rs` checks it against the router
//! both ways (every entry is routed with the auth it names, every routed path and method is an
//! entry).

use sentc_core::ErrorArea;
use sentc_core::protocol::paths;

use crate::apps::Endpoint;

/// An HTTP method: the one the sentc clients use.
pub use sentc_core::client::Method as Verb;

/// What a route needs to be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Nothing: the probes, the JWKS and this document.
    None,
    /// The app token in `x-sentc-app-token`: the public or the secret one, as the app's
    /// options for the endpoint say (by default [`Endpoint::default_access`]).
    App(Endpoint),
    /// The app token and a user's JWT (`Authorization: Bearer`).
    User(Endpoint),
}

/// The request body a route reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// None (one sent is not read).
    None,
    /// A JSON object.
    Json,
    /// Raw bytes (a file part).
    Bytes,
}

/// What a successful call answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The sentc envelope `{"status":true,"result":…}`.
    Envelope,
    /// Raw bytes (a file part).
    Bytes,
    /// Plain JSON (the probes, the JWKS, this document).
    PlainJson,
    /// Text (the metrics).
    Text,
}

/// Which part of the API a route belongs to: the error areas its codes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// Operator endpoints outside the envelope.
    Operations,
    /// Users, devices, sessions, second factors.
    Users,
    /// Groups, members, rotation.
    Groups,
    /// Registered symmetric keys.
    Keys,
    /// Files.
    Files,
}

impl Domain {
    /// The error areas whose codes a route of this domain may answer with (the server's own 9xxx
    /// are failures, never an answer a client should plan for, so they are not listed).
    pub const fn areas(self) -> &'static [ErrorArea] {
        use ErrorArea::*;
        match self {
            // The JWKS answers `4005 AppNotFound`.
            Self::Operations => &[App],
            Self::Users => &[Input, Key, Crypto, App, User, Group, Otp],
            Self::Groups | Self::Keys => &[Input, Key, Crypto, App, User, Group],
            Self::Files => &[Input, Key, Crypto, App, User, Group, File],
        }
    }
}

/// One route.
#[derive(Debug, Clone, Copy)]
pub struct RouteDoc {
    /// The method.
    pub verb: Verb,
    /// The path, with `{name}` parameters.
    pub path: &'static str,
    /// What the caller needs.
    pub auth: Auth,
    /// The body it reads.
    pub body: Body,
    /// What it answers.
    pub answer: Answer,
    /// Its part of the API.
    pub domain: Domain,
    /// What it does.
    pub summary: &'static str,
}

const fn route(
    verb: Verb,
    path: &'static str,
    auth: Auth,
    body: Body,
    domain: Domain,
    summary: &'static str,
) -> RouteDoc {
    RouteDoc {
        verb,
        path,
        auth,
        body,
        answer: Answer::Envelope,
        domain,
        summary,
    }
}

use Auth::{App, User};
use Body::{Json, None as NoBody};
use Domain::{Files, Groups, Keys, Users};
use Endpoint as E;
use Verb::{Delete, Get, Patch, Post, Put};

/// The path of the OpenAPI document.
pub const OPENAPI: &str = "/api/v1/openapi.json";

/// Every route.
pub const ROUTES: &[RouteDoc] = &[
    // Operations.
    RouteDoc {
        verb: Get,
        path: "/health",
        auth: Auth::None,
        body: NoBody,
        answer: Answer::PlainJson,
        domain: Domain::Operations,
        summary: "Liveness: 200 while the process serves",
    },
    RouteDoc {
        verb: Get,
        path: "/ready",
        auth: Auth::None,
        body: NoBody,
        answer: Answer::PlainJson,
        domain: Domain::Operations,
        summary: "Readiness: 200 when the database answers and is migrated, else 503 with a reason",
    },
    RouteDoc {
        verb: Get,
        path: "/metrics",
        auth: Auth::None,
        body: NoBody,
        answer: Answer::Text,
        domain: Domain::Operations,
        summary: "Prometheus metrics (OpenMetrics text); a bearer token if the server sets one",
    },
    RouteDoc {
        verb: Get,
        path: OPENAPI,
        auth: Auth::None,
        body: NoBody,
        answer: Answer::PlainJson,
        domain: Domain::Operations,
        summary: "This document",
    },
    RouteDoc {
        verb: Get,
        path: "/api/v1/health",
        auth: Auth::None,
        body: NoBody,
        answer: Answer::Envelope,
        domain: Domain::Operations,
        summary: "Health in the sentc envelope, for clients",
    },
    RouteDoc {
        verb: Get,
        path: paths::JWKS,
        auth: Auth::None,
        body: NoBody,
        answer: Answer::PlainJson,
        domain: Domain::Operations,
        summary: "The app's JWT verify keys (JWKS, RFC 8037), retired keys excluded",
    },
    // Registration and login (before a JWT).
    route(
        Post,
        paths::REGISTER,
        App(E::Register),
        Json,
        Users,
        "Register a user (prepared by the client)",
    ),
    route(
        Post,
        paths::EXISTS,
        App(E::UserExists),
        Json,
        Users,
        "Whether an identifier is taken",
    ),
    route(
        Post,
        paths::PREPARE_LOGIN,
        App(E::Login),
        Json,
        Users,
        "Login step 1: the password parameters (salt) of an identifier",
    ),
    route(
        Post,
        paths::DONE_LOGIN,
        App(E::Login),
        Json,
        Users,
        "Login step 2: the auth key; answers the device keys and a challenge, or asks for the second factor",
    ),
    route(
        Post,
        paths::VALIDATE_MFA,
        App(E::Login),
        Json,
        Users,
        "Login with a one-time or recovery code",
    ),
    route(
        Post,
        paths::VERIFY_LOGIN,
        App(E::Login),
        Json,
        Users,
        "Login step 3: the answered challenge; answers the JWT and refresh token",
    ),
    route(
        Put,
        paths::REFRESH,
        App(E::Refresh),
        Json,
        Users,
        "A new JWT for a refresh token (rotated)",
    ),
    route(
        Post,
        paths::PREPARE_REGISTER_DEVICE,
        App(E::RegisterDevice),
        Json,
        Users,
        "Register a new device (pending until a logged-in device accepts it)",
    ),
    // The user.
    route(
        Delete,
        paths::USER,
        User(E::UserDelete),
        NoBody,
        Users,
        "Delete the user (fresh JWT)",
    ),
    route(
        Put,
        paths::DONE_REGISTER_DEVICE,
        User(E::RegisterDevice),
        Json,
        Users,
        "Accept a pending device",
    ),
    route(
        Get,
        paths::DEVICES,
        User(E::Devices),
        NoBody,
        Users,
        "The user's devices (paged)",
    ),
    route(
        Delete,
        paths::DEVICE,
        User(E::DeleteDevice),
        NoBody,
        Users,
        "Delete a device (fresh JWT)",
    ),
    route(
        Delete,
        paths::DEVICE_SESSIONS,
        User(E::Sessions),
        NoBody,
        Users,
        "Revoke a device's sessions",
    ),
    route(
        Put,
        paths::CHAIN_STATE,
        User(E::Devices),
        Json,
        Users,
        "Store this device's signed view of the key chain",
    ),
    route(
        Post,
        paths::DEVICE_PROOF,
        User(E::Sessions),
        NoBody,
        Users,
        "A nonce for a device proof",
    ),
    route(
        Put,
        paths::PASSWORD,
        User(E::ChangePassword),
        Json,
        Users,
        "Change the password (fresh JWT)",
    ),
    route(
        Put,
        paths::RESET_PASSWORD,
        User(E::ResetPassword),
        Json,
        Users,
        "Reset the password from a logged-in device",
    ),
    route(
        Put,
        paths::IDENTIFIER,
        User(E::UpdateIdentifier),
        Json,
        Users,
        "Change the identifier",
    ),
    route(
        Post,
        paths::KEY_ROTATION,
        User(E::KeyRotation),
        Json,
        Users,
        "Start a user key rotation",
    ),
    route(
        Get,
        paths::KEY_ROTATION,
        User(E::KeyRotation),
        NoBody,
        Users,
        "User key rotations this device has to finish",
    ),
    route(
        Put,
        paths::KEY_ROTATION_FINISH,
        User(E::KeyRotation),
        Json,
        Users,
        "Finish a user key rotation on this device",
    ),
    route(
        Get,
        paths::USER_KEYS,
        User(E::UserKeys),
        NoBody,
        Users,
        "The user's key generations for this device",
    ),
    route(
        Get,
        paths::PUBLIC_KEY,
        App(E::PublicKeys),
        NoBody,
        Users,
        "A user's newest public key",
    ),
    route(
        Get,
        paths::USER_KEY_CHAIN,
        App(E::PublicKeys),
        NoBody,
        Users,
        "A user's key chain (paged)",
    ),
    route(
        Get,
        paths::VERIFY_KEY,
        App(E::PublicKeys),
        NoBody,
        Users,
        "A user's verify key by id",
    ),
    route(
        Patch,
        paths::OTP,
        User(E::Otp),
        NoBody,
        Users,
        "Turn on the second factor (TOTP; fresh JWT)",
    ),
    route(
        Delete,
        paths::OTP,
        User(E::Otp),
        NoBody,
        Users,
        "Turn off the second factor (fresh JWT)",
    ),
    route(
        Patch,
        paths::OTP_RESET,
        User(E::Otp),
        NoBody,
        Users,
        "A new TOTP secret and recovery codes (fresh JWT)",
    ),
    route(
        Get,
        paths::OTP_RECOVERY_CODES,
        User(E::Otp),
        NoBody,
        Users,
        "The unused recovery codes (fresh JWT)",
    ),
    route(
        Post,
        paths::LOGOUT,
        User(E::Sessions),
        NoBody,
        Users,
        "End this session",
    ),
    route(
        Delete,
        paths::SESSIONS,
        User(E::Sessions),
        NoBody,
        Users,
        "Revoke every session of the user",
    ),
    // The app's backend (secret token).
    route(
        Delete,
        paths::FORCED_DISABLE_OTP,
        App(E::Forced),
        Json,
        Users,
        "Turn off a user's second factor",
    ),
    route(
        Delete,
        paths::FORCED_SESSIONS,
        App(E::Forced),
        Json,
        Users,
        "Revoke a user's sessions",
    ),
    route(
        Delete,
        paths::FORCED_DELETE,
        App(E::Forced),
        Json,
        Users,
        "Delete a user",
    ),
    route(
        Put,
        paths::FORCED_RESET,
        App(E::Forced),
        Json,
        Users,
        "Reset a user (new keys, old data lost)",
    ),
    // Groups.
    route(
        Post,
        paths::GROUP_CREATE,
        User(E::Groups),
        Json,
        Groups,
        "Create a group",
    ),
    route(
        Get,
        paths::GROUPS,
        User(E::Groups),
        NoBody,
        Groups,
        "The user's groups (paged)",
    ),
    route(
        Get,
        paths::GROUP,
        User(E::Groups),
        NoBody,
        Groups,
        "A group with the caller's keys (paged)",
    ),
    route(
        Delete,
        paths::GROUP,
        User(E::Groups),
        NoBody,
        Groups,
        "Delete a group (its creator rank)",
    ),
    route(
        Get,
        paths::GROUP_LIGHT,
        User(E::Groups),
        NoBody,
        Groups,
        "A group without keys",
    ),
    route(
        Get,
        paths::GROUP_KEY_CHAIN,
        App(E::Groups),
        NoBody,
        Groups,
        "A group's key chain (paged; the app token alone reads it)",
    ),
    route(
        Get,
        paths::GROUP_MEMBERS,
        User(E::Groups),
        NoBody,
        Groups,
        "A group's members (paged)",
    ),
    route(
        Put,
        paths::GROUP_INVITE,
        User(E::Groups),
        Json,
        Groups,
        "Invite a user (or a group), with the group keys wrapped for it",
    ),
    route(
        Put,
        paths::GROUP_RE_INVITE,
        User(E::Groups),
        Json,
        Groups,
        "Re-send an invite with the newest keys",
    ),
    route(
        Put,
        paths::GROUP_KEY_SESSION,
        User(E::Groups),
        Json,
        Groups,
        "Upload more keys for a new member (key session)",
    ),
    route(
        Patch,
        paths::GROUP_INVITES_ALLOWED,
        User(E::Groups),
        Json,
        Groups,
        "Allow or stop invites",
    ),
    route(
        Patch,
        paths::GROUP_FILE_RANK,
        User(E::Groups),
        Json,
        Groups,
        "The highest rank that may create files",
    ),
    route(
        Get,
        paths::GROUP_MY_INVITES,
        User(E::Groups),
        NoBody,
        Groups,
        "The user's invites (paged)",
    ),
    route(
        Patch,
        paths::GROUP_MY_INVITE,
        User(E::Groups),
        NoBody,
        Groups,
        "Accept an invite",
    ),
    route(
        Delete,
        paths::GROUP_MY_INVITE,
        User(E::Groups),
        NoBody,
        Groups,
        "Reject an invite",
    ),
    route(
        Post,
        paths::GROUP_JOIN_REQUEST,
        User(E::Groups),
        NoBody,
        Groups,
        "Ask to join a group",
    ),
    route(
        Delete,
        paths::GROUP_JOIN_REQUEST,
        User(E::Groups),
        NoBody,
        Groups,
        "Withdraw a join request",
    ),
    route(
        Get,
        paths::GROUP_MY_JOIN_REQUESTS,
        User(E::Groups),
        NoBody,
        Groups,
        "The user's join requests (paged)",
    ),
    route(
        Get,
        paths::GROUP_JOIN_REQUESTS,
        User(E::Groups),
        NoBody,
        Groups,
        "A group's join requests (paged)",
    ),
    route(
        Put,
        paths::GROUP_JOIN_REQUEST_OF,
        User(E::Groups),
        Json,
        Groups,
        "Accept a join request, with the keys",
    ),
    route(
        Delete,
        paths::GROUP_JOIN_REQUEST_OF,
        User(E::Groups),
        NoBody,
        Groups,
        "Reject a join request",
    ),
    route(
        Post,
        paths::GROUP_GROUP_JOIN_REQUEST,
        User(E::Groups),
        NoBody,
        Groups,
        "Ask, as a group, to join a connected group",
    ),
    route(
        Delete,
        paths::GROUP_GROUP_JOIN_REQUEST,
        User(E::Groups),
        NoBody,
        Groups,
        "Withdraw a group's join request",
    ),
    route(
        Get,
        paths::GROUP_GROUP_JOIN_REQUESTS,
        User(E::Groups),
        NoBody,
        Groups,
        "A group's join requests to connected groups (paged)",
    ),
    route(
        Get,
        paths::GROUP_GROUP_INVITES,
        User(E::Groups),
        NoBody,
        Groups,
        "A group's invites from connected groups (paged)",
    ),
    route(
        Patch,
        paths::GROUP_GROUP_INVITE,
        User(E::Groups),
        NoBody,
        Groups,
        "Accept a connected group's invite",
    ),
    route(
        Delete,
        paths::GROUP_GROUP_INVITE,
        User(E::Groups),
        NoBody,
        Groups,
        "Reject a connected group's invite",
    ),
    route(
        Put,
        paths::GROUP_CHANGE_RANK,
        User(E::Groups),
        Json,
        Groups,
        "Change a member's rank",
    ),
    route(
        Delete,
        paths::GROUP_KICK,
        User(E::Groups),
        NoBody,
        Groups,
        "Remove a member",
    ),
    route(
        Delete,
        paths::GROUP_LEAVE,
        User(E::Groups),
        NoBody,
        Groups,
        "Leave a group",
    ),
    route(
        Post,
        paths::GROUP_CHILD,
        User(E::Groups),
        Json,
        Groups,
        "Create a child group",
    ),
    route(
        Get,
        paths::GROUP_CHILD,
        User(E::Groups),
        NoBody,
        Groups,
        "A group's children (paged)",
    ),
    route(
        Post,
        paths::GROUP_CONNECTED,
        User(E::Groups),
        Json,
        Groups,
        "Create a connected group",
    ),
    route(
        Get,
        paths::GROUP_GROUPS,
        User(E::Groups),
        NoBody,
        Groups,
        "The connected groups a group is member of (paged)",
    ),
    route(
        Post,
        paths::GROUP_KEY_ROTATION,
        User(E::Groups),
        Json,
        Groups,
        "Start a group key rotation",
    ),
    route(
        Get,
        paths::GROUP_KEY_ROTATION,
        User(E::Groups),
        NoBody,
        Groups,
        "Group key rotations the caller has to finish",
    ),
    route(
        Put,
        paths::GROUP_KEY_ROTATION_FINISH,
        User(E::Groups),
        Json,
        Groups,
        "Finish a group key rotation for the caller",
    ),
    route(
        Delete,
        paths::GROUP_FORCED,
        App(E::Forced),
        NoBody,
        Groups,
        "Delete a group (backend)",
    ),
    route(
        Post,
        paths::GROUP_FORCED,
        App(E::Forced),
        Json,
        Groups,
        "Create a group for a user (backend)",
    ),
    route(
        Post,
        paths::GROUP_FORCED_CHILD,
        App(E::Forced),
        Json,
        Groups,
        "Create a child group for a user (backend)",
    ),
    route(
        Post,
        paths::GROUP_FORCED_CONNECTED,
        App(E::Forced),
        Json,
        Groups,
        "Create a connected group for a user (backend)",
    ),
    // Registered symmetric keys.
    route(
        Post,
        paths::SYM_KEY,
        User(E::SymKeys),
        Json,
        Keys,
        "Register a wrapped symmetric key by its id",
    ),
    route(
        Get,
        paths::SYM_KEY_OF,
        User(E::SymKeys),
        NoBody,
        Keys,
        "A registered key",
    ),
    route(
        Delete,
        paths::SYM_KEY_OF,
        User(E::SymKeys),
        NoBody,
        Keys,
        "Delete a registered key (its creator)",
    ),
    // Files.
    route(
        Post,
        paths::FILE,
        User(E::Files),
        Json,
        Files,
        "Register a file for a user (or the caller alone)",
    ),
    route(
        Post,
        paths::GROUP_FILE,
        User(E::Files),
        Json,
        Files,
        "Register a file for a group",
    ),
    RouteDoc {
        verb: Post,
        path: paths::FILE_PART_UPLOAD,
        auth: User(E::Files),
        body: Body::Bytes,
        answer: Answer::Envelope,
        domain: Files,
        summary: "Upload a part of an upload session (with the secret token and no body: a part in the app's own storage)",
    },
    route(
        Get,
        paths::FILE_OF,
        User(E::Files),
        NoBody,
        Files,
        "A file's metadata",
    ),
    route(
        Put,
        paths::FILE_OF,
        User(E::Files),
        Json,
        Files,
        "Rename a file",
    ),
    route(
        Delete,
        paths::FILE_OF,
        User(E::Files),
        NoBody,
        Files,
        "Delete a file",
    ),
    route(
        Get,
        paths::FILE_PART_FETCH,
        User(E::Files),
        NoBody,
        Files,
        "A file's parts after a sequence (paged)",
    ),
    RouteDoc {
        verb: Get,
        path: paths::FILE_PART,
        auth: User(E::Files),
        body: NoBody,
        answer: Answer::Bytes,
        domain: Files,
        summary: "A part's bytes",
    },
    route(
        Get,
        paths::FILE_OPTIONS,
        App(E::Forced),
        NoBody,
        Files,
        "The app's file options and usage (backend)",
    ),
    route(
        Put,
        paths::FILE_OPTIONS,
        App(E::Forced),
        Json,
        Files,
        "Set the app's file options (backend)",
    ),
    route(
        Get,
        paths::FILE_DELETED_PARTS,
        App(E::Forced),
        NoBody,
        Files,
        "Parts of deleted files in the app's own storage (backend)",
    ),
    route(
        Post,
        paths::FILE_DELETED_PARTS,
        App(E::Forced),
        Json,
        Files,
        "Parts the app removed from its own storage (backend)",
    ),
];
