-- E-results (kết quả điện tử): the signed PDF an agency issues for a dossier, and what the public
-- verification page (reached through the QR code printed on it) needs to vouch for it.

create table results (
    id uuid primary key,
    dossier_id uuid not null references dossiers (id),
    -- Printed on the document and carried by its QR code: unguessable (80 random bits, base32).
    verification_code text not null unique,
    title text not null,
    -- Where the signed PDF lives in object storage: results/<dossier_id>/<id>.pdf
    storage_key text not null,
    -- Hex SHA-256 of the signed PDF exactly as issued: a copy with any other bytes is not this file.
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    signed_at timestamptz not null,
    signer_subject text not null,
    issued_by_staff_id uuid references staff_users (id),
    created_at timestamptz not null default now()
);
create index results_dossier_idx on results (dossier_id, created_at desc);
create index results_sha256_idx on results (sha256);
