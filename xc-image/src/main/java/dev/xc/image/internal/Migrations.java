package dev.xc.image.internal;

import java.util.List;

/**
 * The image store's schema, as numbered migrations. A migration is never edited once released: changes are new
 * entries at the end. Version {@code n} is entry {@code n-1}; the database records the applied version in
 * {@code PRAGMA user_version} and in {@code schema_migrations}.
 */
public final class Migrations {

    private Migrations() {
    }

    /** Every migration, oldest first; each is a list of statements run in one transaction. */
    public static final List<List<String>> ALL = List.of(
            // 1: first release
            List.of(
                    """
                    create table schema_migrations (
                        version integer primary key,
                        applied_at integer not null)""",
                    """
                    create table configs (
                        digest text primary key,
                        json blob not null)""",
                    """
                    create table manifests (
                        digest text primary key,
                        media_type text not null,
                        json blob not null,
                        config_digest text not null references configs(digest),
                        created_at integer not null)""",
                    """
                    create table layers (
                        blob_digest text primary key,
                        diff_id text not null,
                        media_type text not null,
                        size integer not null)""",
                    "create index layers_by_diff_id on layers(diff_id)",
                    """
                    create table chains (
                        chain_id text primary key,
                        parent_chain_id text references chains(chain_id),
                        diff_id text not null,
                        dataset text)""",
                    """
                    create table manifest_layers (
                        manifest_digest text not null references manifests(digest) on delete cascade,
                        position integer not null,
                        blob_digest text not null references layers(blob_digest),
                        chain_id text not null references chains(chain_id),
                        primary key (manifest_digest, position))""",
                    "create index manifest_layers_by_blob on manifest_layers(blob_digest)",
                    "create index manifest_layers_by_chain on manifest_layers(chain_id)",
                    """
                    create table tags (
                        registry text not null,
                        repository text not null,
                        tag text not null,
                        manifest_digest text not null references manifests(digest),
                        primary key (registry, repository, tag))""",
                    "create index tags_by_manifest on tags(manifest_digest)",
                    """
                    create view blob_refs as
                        select digest as blob, 1 as refs from manifests
                        union all
                        select config_digest, count(*) from manifests group by config_digest
                        union all
                        select blob_digest, count(distinct manifest_digest) from manifest_layers group by blob_digest""")
    );
}
