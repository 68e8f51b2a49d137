CREATE TABLE testmod_things (
    id          bigint PRIMARY KEY,
    owner_id    bigint NOT NULL,
    title       text   NOT NULL,
    secret_note bytea
);
