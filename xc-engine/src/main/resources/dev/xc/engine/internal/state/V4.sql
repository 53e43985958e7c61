-- xc engine state, schema version 4: netgroups.
-- One row per member of a netgroup (xc run --net-group G, xc network tag G C). A netgroup is named after the network
-- whose addresses its members' /etc/hosts list. A member leaves when its container is torn down, and with the
-- container's row.
CREATE TABLE netgroup_members (
    netgroup    TEXT NOT NULL,
    container   TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (netgroup, container)
);
CREATE INDEX netgroup_members_container ON netgroup_members(container);
