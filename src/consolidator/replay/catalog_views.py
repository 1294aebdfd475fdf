"""The catalog views DO-block guards ask (information_schema, pg_catalog), as rows over the model.

The rows are the model's objects plus the system objects of a fresh PostgreSQL 15 database, so that
`typname = 'text'` or `table_name = 'columns'` come out as the server says. A value the model does not
know exactly is an `Unknown`, and a predicate that meets one cannot be decided (`Uncertain`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from consolidator.model.catalog import Catalog
from consolidator.model.names import split_key, truncate

class Uncertain(Exception):
    """A row of a catalog view holds a value the model does not know exactly."""


@dataclass(frozen=True)
class Unknown:
    """A value known only to be one of `candidates` or to match `pattern`; both None: anything."""

    candidates: frozenset[str] | None = None
    pattern: str | None = None

    def could_be(self, value: str) -> bool:
        if self.candidates is None and self.pattern is None:
            return True
        return (self.candidates is not None and value in self.candidates) or (
            self.pattern is not None and re.fullmatch(self.pattern, value) is not None)


ANY = Unknown()
Row = dict[str, Any]


@dataclass(frozen=True)
class View:
    name: str  # as written in messages, e.g. information_schema.columns
    columns: dict[str, str]  # modelled columns → their type family: name, text, char, regclass
    all_columns: frozenset[str]
    rows: Callable[[Catalog], Iterable[Row]]


# ---- the catalog views -------------------------------------------------------------------------


def _relation_rows(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(schema, name, relkind) of every relation the model holds."""
    for key in catalog.tables:
        yield (*split_key(key), "r")
    for key in catalog.sequences:
        yield (*split_key(key), "S")
    for key in catalog.indexes:
        yield (*split_key(key), "i")
    for table in catalog.tables.values():
        for c in table.constraints:
            if c.has_index:
                yield split_key(table.key)[0], c.name, "i"


def _system_relations(kinds: str) -> Iterator[tuple[str, str, str]]:
    for (schema, kind), relnames in _SYSTEM_RELATION_KINDS.items():
        if kind in kinds:
            for name in relnames:
                yield schema, name, kind


def _opaque_extensions(catalog: Catalog) -> list[str]:
    """Extensions whose objects the model does not know (the known ones create no relation or constraint)."""
    return [name for name in catalog.extensions if name not in _EXTENSION_TYPES]


def _pg_class(catalog: Catalog) -> Iterator[Row]:
    for _, name, kind in _relation_rows(catalog):
        yield {"relname": name, "relkind": kind}
    for _, name, kind in _system_relations("rvi"):
        yield {"relname": name, "relkind": kind}
    # TOAST tables and their indexes: named after oids the model cannot know
    yield {"relname": Unknown(pattern=r"pg_toast_\d+"), "relkind": "t"}
    yield {"relname": Unknown(pattern=r"pg_toast_\d+_index"), "relkind": "i"}
    if _opaque_extensions(catalog):
        yield {"relname": ANY, "relkind": ANY}


def _pg_tables(catalog: Catalog) -> Iterator[Row]:
    for key in catalog.tables:
        schema, name = split_key(key)
        yield {"schemaname": schema, "tablename": name}
    for schema, name, _ in _system_relations("r"):
        yield {"schemaname": schema, "tablename": name}
    if _opaque_extensions(catalog):
        yield {"schemaname": ANY, "tablename": ANY}


def _pg_indexes(catalog: Catalog) -> Iterator[Row]:
    for index in catalog.indexes.values():
        schema, name = split_key(index.key)
        yield {"schemaname": schema, "tablename": split_key(index.table)[1], "indexname": name}
    for table in catalog.tables.values():
        schema, name = split_key(table.key)
        for c in table.constraints:
            if c.has_index:
                yield {"schemaname": schema, "tablename": name, "indexname": c.name}
    catalog_tables = _SYSTEM_RELATION_KINDS[("pg_catalog", "r")]
    for name in _SYSTEM_RELATION_KINDS[("pg_catalog", "i")]:
        yield {"schemaname": "pg_catalog", "tablename": Unknown(candidates=catalog_tables), "indexname": name}
    if _opaque_extensions(catalog):
        yield {"schemaname": ANY, "tablename": ANY, "indexname": ANY}


_CONTYPE = {"primary key": "p", "unique": "u", "foreign key": "f", "check": "c", "exclude": "x"}


def _pg_constraint(catalog: Catalog) -> Iterator[Row]:
    for table in catalog.tables.values():
        for c in table.constraints:
            yield {"conname": c.name, "contype": _CONTYPE[c.kind], "conrelid": f"oid:{table.key}"}
    for name in _SYSTEM_RELATION_KINDS[("pg_catalog", "i")] - _SYSTEM_INDEXES_WITHOUT_CONSTRAINT:
        yield {"conname": name, "contype": Unknown(candidates=frozenset("pu")),
               "conrelid": Unknown(pattern=r"oid:pg_catalog\..*")}
    for name in _SYSTEM_DOMAIN_CHECKS:
        yield {"conname": name, "contype": "c", "conrelid": "oid:0"}
    if _opaque_extensions(catalog):
        yield {"conname": ANY, "contype": ANY, "conrelid": ANY}


def _array_name(name: str) -> str:
    return truncate("_" + name)  # makeArrayTypeName, when the name is free


def _pg_type(catalog: Catalog) -> Iterator[Row]:
    user = [split_key(k)[1] for k in catalog.types] + [split_key(k)[1] for k in catalog.tables]
    for name in user:
        yield {"typname": name}
        array = _array_name(name)
        if array in user or array in _SYSTEM_TYPES:
            yield {"typname": Unknown(pattern=r"_.*")}  # the server picks another name for the array type
        else:
            yield {"typname": array}
    for name in _SYSTEM_TYPES:
        yield {"typname": name}
    for _, name, _ in _system_relations("rv"):
        yield {"typname": name}
        yield {"typname": "_" + name}
    for extension in catalog.extensions:
        types = _EXTENSION_TYPES.get(extension)
        if types is None:
            yield {"typname": ANY}
        for name in types or ():
            yield {"typname": name}


def _pg_extension(catalog: Catalog) -> Iterator[Row]:
    yield {"extname": "plpgsql"}
    for name in catalog.extensions:
        yield {"extname": name}


def _schemas(catalog: Catalog) -> list[str]:
    return sorted({"public", *catalog.schemas, *_SYSTEM_SCHEMAS})


def _pg_namespace(catalog: Catalog) -> Iterator[Row]:
    for name in _schemas(catalog):
        yield {"nspname": name}
    yield {"nspname": Unknown(pattern=r"pg_(toast_)?temp_\d+")}


def _schemata(catalog: Catalog) -> Iterator[Row]:
    for name in _schemas(catalog):
        yield {"schema_name": name}
    yield {"schema_name": Unknown(pattern=r"pg_(toast_)?temp_\d+")}


def _tables(catalog: Catalog) -> Iterator[Row]:
    for key in catalog.tables:
        schema, name = split_key(key)
        yield {"table_schema": schema, "table_name": name, "table_type": "BASE TABLE"}
    for schema, name, kind in _system_relations("rv"):
        yield {"table_schema": schema, "table_name": name, "table_type": "BASE TABLE" if kind == "r" else "VIEW"}
    if _opaque_extensions(catalog):
        yield {"table_schema": ANY, "table_name": ANY, "table_type": ANY}


def _columns(catalog: Catalog) -> Iterator[Row]:
    for table in catalog.tables.values():
        schema, name = split_key(table.key)
        for column in table.columns:
            yield {"table_schema": schema, "table_name": name, "column_name": column.name,
                   "data_type": _data_type(column.type, column.type_key),
                   "is_nullable": "NO" if column.not_null or column.identity else "YES"}
    for schema, name, _ in _system_relations("rv"):
        yield {"table_schema": schema, "table_name": name, "column_name": ANY, "data_type": ANY, "is_nullable": ANY}
    if _opaque_extensions(catalog):
        yield {"table_schema": ANY, "table_name": ANY, "column_name": ANY, "data_type": ANY, "is_nullable": ANY}


_CONSTRAINT_TYPE = {"primary key": "PRIMARY KEY", "unique": "UNIQUE", "foreign key": "FOREIGN KEY", "check": "CHECK"}
_NOT_NULL_NAME = r"\d+_\d+_\d+_not_null"  # '<namespace oid>_<table oid>_<attnum>_not_null'


def _table_constraints(catalog: Catalog) -> Iterator[Row]:
    for table in catalog.tables.values():
        schema, name = split_key(table.key)
        for c in table.constraints:
            if c.kind in _CONSTRAINT_TYPE:  # exclusion constraints are not listed
                yield {"constraint_schema": schema, "constraint_name": c.name, "table_schema": schema,
                       "table_name": name, "constraint_type": _CONSTRAINT_TYPE[c.kind],
                       "is_deferrable": "YES" if c.deferrable else "NO",
                       "initially_deferred": "YES" if c.initially_deferred else "NO"}
        for column in table.columns:
            if column.not_null or column.identity:
                yield {"constraint_schema": schema, "constraint_name": Unknown(pattern=_NOT_NULL_NAME),
                       "table_schema": schema, "table_name": name, "constraint_type": "CHECK",
                       "is_deferrable": "NO", "initially_deferred": "NO"}
    system_names = _SYSTEM_RELATION_KINDS[("pg_catalog", "i")] - _SYSTEM_INDEXES_WITHOUT_CONSTRAINT
    for schema in ("pg_catalog", "information_schema"):
        yield {"constraint_schema": schema,
               "constraint_name": Unknown(candidates=system_names, pattern=_NOT_NULL_NAME),
               "table_schema": schema, "table_name": Unknown(candidates=_SYSTEM_RELATION_KINDS[(schema, "r")]),
               "constraint_type": ANY, "is_deferrable": "NO", "initially_deferred": "NO"}
    if _opaque_extensions(catalog):
        yield {k: ANY for k in ("constraint_schema", "constraint_name", "table_schema", "table_name",
                                "constraint_type", "is_deferrable", "initially_deferred")}


# format_type() of the built-in types, as information_schema.columns.data_type shows them.
_DATA_TYPES = {
    "varchar": "character varying", "character varying": "character varying", "char": "character",
    "character": "character", "bpchar": "character", "timestamptz": "timestamp with time zone",
    "timestamp with time zone": "timestamp with time zone", "timestamp": "timestamp without time zone",
    "timestamp without time zone": "timestamp without time zone", "time": "time without time zone",
    "time without time zone": "time without time zone", "timetz": "time with time zone",
    "time with time zone": "time with time zone", "bit varying": "bit varying", "varbit": "bit varying",
    '"char"': '"char"', "int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint",
    "float4": "real", "float8": "double precision", "bool": "boolean", "decimal": "numeric",
    **{t: t for t in ("integer", "smallint", "bigint", "real", "double precision", "boolean", "numeric", "text",
                      "uuid", "json", "jsonb", "bytea", "date", "interval", "inet", "cidr", "macaddr",
                      "macaddr8", "money", "xml", "tsvector", "tsquery", "bit", "oid", "name")},
}


def _data_type(sql_type: str, type_key: str | None) -> Any:
    if sql_type.endswith("]"):
        return "ARRAY"
    if type_key is not None:
        return "USER-DEFINED"
    base = re.sub(r"\([^)]*\)", "", sql_type).strip()
    if base.startswith("interval"):
        return "interval"
    if base.startswith("pg_catalog."):
        base = base[len("pg_catalog."):]
    return _DATA_TYPES.get(base, ANY)


def _view(name: str, rows: Callable[[Catalog], Iterable[Row]], columns: dict[str, str], all_columns: str) -> View:
    return View(name=name, columns=columns, all_columns=frozenset(all_columns.split()) | set(columns), rows=rows)


VIEWS: dict[tuple[str, str], View] = {
    ("information_schema", "tables"): _view(
        "information_schema.tables", _tables,
        {"table_schema": "name", "table_name": "name", "table_type": "text"},
        "table_catalog self_referencing_column_name reference_generation user_defined_type_catalog "
        "user_defined_type_schema user_defined_type_name is_insertable_into is_typed commit_action"),
    ("information_schema", "columns"): _view(
        "information_schema.columns", _columns,
        {"table_schema": "name", "table_name": "name", "column_name": "name", "data_type": "text",
         "is_nullable": "text"},
        "table_catalog ordinal_position column_default character_maximum_length character_octet_length "
        "numeric_precision numeric_precision_radix numeric_scale datetime_precision interval_type "
        "interval_precision character_set_catalog character_set_schema character_set_name collation_catalog "
        "collation_schema collation_name domain_catalog domain_schema domain_name udt_catalog udt_schema "
        "udt_name scope_catalog scope_schema scope_name maximum_cardinality dtd_identifier is_self_referencing "
        "is_identity identity_generation identity_start identity_increment identity_maximum identity_minimum "
        "identity_cycle is_generated generation_expression is_updatable"),
    ("information_schema", "table_constraints"): _view(
        "information_schema.table_constraints", _table_constraints,
        {"constraint_schema": "name", "constraint_name": "name", "table_schema": "name", "table_name": "name",
         "constraint_type": "text", "is_deferrable": "text", "initially_deferred": "text"},
        "constraint_catalog table_catalog enforced nulls_distinct"),
    ("information_schema", "schemata"): _view(
        "information_schema.schemata", _schemata, {"schema_name": "name"},
        "catalog_name schema_owner default_character_set_catalog default_character_set_schema "
        "default_character_set_name sql_path"),
    ("pg_catalog", "pg_class"): _view(
        "pg_class", _pg_class, {"relname": "name", "relkind": "char"},
        "oid relnamespace reltype reloftype relowner relam relfilenode reltablespace relpages reltuples "
        "relallvisible reltoastrelid relhasindex relisshared relpersistence relnatts relchecks relhasrules "
        "relhastriggers relhassubclass relrowsecurity relforcerowsecurity relispopulated relreplident "
        "relispartition relrewrite relfrozenxid relminmxid relacl reloptions relpartbound"),
    ("pg_catalog", "pg_tables"): _view(
        "pg_tables", _pg_tables, {"schemaname": "name", "tablename": "name"},
        "tableowner tablespace hasindexes hasrules hastriggers rowsecurity"),
    ("pg_catalog", "pg_indexes"): _view(
        "pg_indexes", _pg_indexes, {"schemaname": "name", "tablename": "name", "indexname": "name"},
        "tablespace indexdef"),
    ("pg_catalog", "pg_constraint"): _view(
        "pg_constraint", _pg_constraint, {"conname": "name", "contype": "char", "conrelid": "regclass"},
        "oid connamespace condeferrable condeferred convalidated contypid conindid conparentid confrelid "
        "confupdtype confdeltype confmatchtype conislocal coninhcount connoinherit conkey confkey conpfeqop "
        "conppeqop conffeqop confdelsetcols conexclop conbin"),
    ("pg_catalog", "pg_type"): _view(
        "pg_type", _pg_type, {"typname": "name"},
        "oid typnamespace typowner typlen typbyval typtype typcategory typispreferred typisdefined typdelim "
        "typrelid typsubscript typelem typarray typinput typoutput typreceive typsend typmodin typmodout "
        "typanalyze typalign typstorage typnotnull typbasetype typtypmod typndims typcollation typdefaultbin "
        "typdefault typacl"),
    ("pg_catalog", "pg_extension"): _view(
        "pg_extension", _pg_extension, {"extname": "name"},
        "oid extowner extnamespace extrelocatable extversion extconfig extcondition"),
    ("pg_catalog", "pg_namespace"): _view(
        "pg_namespace", _pg_namespace, {"nspname": "name"}, "oid nspowner nspacl"),
}


# ---- PostgreSQL 15's own objects, as a fresh database has them ----------------------------------
# (SELECT relname FROM pg_class / typname FROM pg_type / conname FROM pg_constraint on a new database)

_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")

# Types an extension of the common ones creates (CREATE EXTENSION on PostgreSQL 15); the others are opaque.
_EXTENSION_TYPES: dict[str, frozenset[str]] = {
    "plpgsql": frozenset(),
    "uuid-ossp": frozenset(),
    "pgcrypto": frozenset(),
    "citext": frozenset({"citext", "_citext"}),
    "hstore": frozenset({"hstore", "_hstore", "ghstore", "_ghstore"}),
    "ltree": frozenset({"ltree", "_ltree", "lquery", "_lquery", "ltxtquery", "_ltxtquery", "ltree_gist",
                        "_ltree_gist"}),
    "pg_trgm": frozenset({"gtrgm", "_gtrgm"}),
}  # none of them creates a table, an index or a constraint

_INFORMATION_SCHEMA_TABLES = frozenset("""
sql_features sql_implementation_info sql_parts sql_sizing
""".split())
_INFORMATION_SCHEMA_VIEWS = frozenset("""
_pg_foreign_data_wrappers _pg_foreign_servers _pg_foreign_table_columns _pg_foreign_tables _pg_user_mappings
administrable_role_authorizations applicable_roles attributes character_sets check_constraint_routine_usage
check_constraints collation_character_set_applicability collations column_column_usage column_domain_usage
column_options column_privileges column_udt_usage columns constraint_column_usage constraint_table_usage
data_type_privileges domain_constraints domain_udt_usage domains element_types enabled_roles
foreign_data_wrapper_options foreign_data_wrappers foreign_server_options foreign_servers
foreign_table_options foreign_tables information_schema_catalog_name key_column_usage parameters
referential_constraints role_column_grants role_routine_grants role_table_grants role_udt_grants
role_usage_grants routine_column_usage routine_privileges routine_routine_usage routine_sequence_usage
routine_table_usage routines schemata sequences table_constraints table_privileges tables transforms
triggered_update_columns triggers udt_privileges usage_privileges user_defined_types user_mapping_options
user_mappings view_column_usage view_routine_usage view_table_usage views
""".split())
_PG_CATALOG_INDEXES = frozenset("""
pg_aggregate_fnoid_index pg_am_name_index pg_am_oid_index pg_amop_fam_strat_index pg_amop_oid_index
pg_amop_opr_fam_index pg_amproc_fam_proc_index pg_amproc_oid_index pg_attrdef_adrelid_adnum_index
pg_attrdef_oid_index pg_attribute_relid_attnam_index pg_attribute_relid_attnum_index
pg_auth_members_member_role_index pg_auth_members_role_member_index pg_authid_oid_index
pg_authid_rolname_index pg_cast_oid_index pg_cast_source_target_index pg_class_oid_index
pg_class_relname_nsp_index pg_class_tblspc_relfilenode_index pg_collation_name_enc_nsp_index
pg_collation_oid_index pg_constraint_conname_nsp_index pg_constraint_conparentid_index
pg_constraint_conrelid_contypid_conname_index pg_constraint_contypid_index pg_constraint_oid_index
pg_conversion_default_index pg_conversion_name_nsp_index pg_conversion_oid_index pg_database_datname_index
pg_database_oid_index pg_db_role_setting_databaseid_rol_index pg_default_acl_oid_index
pg_default_acl_role_nsp_obj_index pg_depend_depender_index pg_depend_reference_index
pg_description_o_c_o_index pg_enum_oid_index pg_enum_typid_label_index pg_enum_typid_sortorder_index
pg_event_trigger_evtname_index pg_event_trigger_oid_index pg_extension_name_index pg_extension_oid_index
pg_foreign_data_wrapper_name_index pg_foreign_data_wrapper_oid_index pg_foreign_server_name_index
pg_foreign_server_oid_index pg_foreign_table_relid_index pg_index_indexrelid_index pg_index_indrelid_index
pg_inherits_parent_index pg_inherits_relid_seqno_index pg_init_privs_o_c_o_index pg_language_name_index
pg_language_oid_index pg_largeobject_loid_pn_index pg_largeobject_metadata_oid_index
pg_namespace_nspname_index pg_namespace_oid_index pg_opclass_am_name_nsp_index pg_opclass_oid_index
pg_operator_oid_index pg_operator_oprname_l_r_n_index pg_opfamily_am_name_nsp_index pg_opfamily_oid_index
pg_parameter_acl_oid_index pg_parameter_acl_parname_index pg_partitioned_table_partrelid_index
pg_policy_oid_index pg_policy_polrelid_polname_index pg_proc_oid_index pg_proc_proname_args_nsp_index
pg_publication_namespace_oid_index pg_publication_namespace_pnnspid_pnpubid_index pg_publication_oid_index
pg_publication_pubname_index pg_publication_rel_oid_index pg_publication_rel_prpubid_index
pg_publication_rel_prrelid_prpubid_index pg_range_rngmultitypid_index pg_range_rngtypid_index
pg_replication_origin_roiident_index pg_replication_origin_roname_index pg_rewrite_oid_index
pg_rewrite_rel_rulename_index pg_seclabel_object_index pg_sequence_seqrelid_index pg_shdepend_depender_index
pg_shdepend_reference_index pg_shdescription_o_c_index pg_shseclabel_object_index
pg_statistic_ext_data_stxoid_inh_index pg_statistic_ext_name_index pg_statistic_ext_oid_index
pg_statistic_ext_relid_index pg_statistic_relid_att_inh_index pg_subscription_oid_index
pg_subscription_rel_srrelid_srsubid_index pg_subscription_subname_index pg_tablespace_oid_index
pg_tablespace_spcname_index pg_transform_oid_index pg_transform_type_lang_index pg_trigger_oid_index
pg_trigger_tgconstraint_index pg_trigger_tgrelid_tgname_index pg_ts_config_cfgname_index
pg_ts_config_map_index pg_ts_config_oid_index pg_ts_dict_dictname_index pg_ts_dict_oid_index
pg_ts_parser_oid_index pg_ts_parser_prsname_index pg_ts_template_oid_index pg_ts_template_tmplname_index
pg_type_oid_index pg_type_typname_nsp_index pg_user_mapping_oid_index pg_user_mapping_user_server_index
""".split())
_PG_CATALOG_TABLES = frozenset("""
pg_aggregate pg_am pg_amop pg_amproc pg_attrdef pg_attribute pg_auth_members pg_authid pg_cast pg_class
pg_collation pg_constraint pg_conversion pg_database pg_db_role_setting pg_default_acl pg_depend
pg_description pg_enum pg_event_trigger pg_extension pg_foreign_data_wrapper pg_foreign_server
pg_foreign_table pg_index pg_inherits pg_init_privs pg_language pg_largeobject pg_largeobject_metadata
pg_namespace pg_opclass pg_operator pg_opfamily pg_parameter_acl pg_partitioned_table pg_policy pg_proc
pg_publication pg_publication_namespace pg_publication_rel pg_range pg_replication_origin pg_rewrite
pg_seclabel pg_sequence pg_shdepend pg_shdescription pg_shseclabel pg_statistic pg_statistic_ext
pg_statistic_ext_data pg_subscription pg_subscription_rel pg_tablespace pg_transform pg_trigger pg_ts_config
pg_ts_config_map pg_ts_dict pg_ts_parser pg_ts_template pg_type pg_user_mapping
""".split())
_PG_CATALOG_VIEWS = frozenset("""
pg_available_extension_versions pg_available_extensions pg_backend_memory_contexts pg_config pg_cursors
pg_file_settings pg_group pg_hba_file_rules pg_ident_file_mappings pg_indexes pg_locks pg_matviews pg_policies
pg_prepared_statements pg_prepared_xacts pg_publication_tables pg_replication_origin_status
pg_replication_slots pg_roles pg_rules pg_seclabels pg_sequences pg_settings pg_shadow pg_shmem_allocations
pg_stat_activity pg_stat_all_indexes pg_stat_all_tables pg_stat_archiver pg_stat_bgwriter pg_stat_database
pg_stat_database_conflicts pg_stat_gssapi pg_stat_progress_analyze pg_stat_progress_basebackup
pg_stat_progress_cluster pg_stat_progress_copy pg_stat_progress_create_index pg_stat_progress_vacuum
pg_stat_recovery_prefetch pg_stat_replication pg_stat_replication_slots pg_stat_slru pg_stat_ssl
pg_stat_subscription pg_stat_subscription_stats pg_stat_sys_indexes pg_stat_sys_tables pg_stat_user_functions
pg_stat_user_indexes pg_stat_user_tables pg_stat_wal pg_stat_wal_receiver pg_stat_xact_all_tables
pg_stat_xact_sys_tables pg_stat_xact_user_functions pg_stat_xact_user_tables pg_statio_all_indexes
pg_statio_all_sequences pg_statio_all_tables pg_statio_sys_indexes pg_statio_sys_sequences
pg_statio_sys_tables pg_statio_user_indexes pg_statio_user_sequences pg_statio_user_tables pg_stats
pg_stats_ext pg_stats_ext_exprs pg_tables pg_timezone_abbrevs pg_timezone_names pg_user pg_user_mappings
pg_views
""".split())
_SYSTEM_TYPES = frozenset("""
_aclitem _bit _bool _box _bpchar _bytea _cardinal_number _char _character_data _cid _cidr _circle _cstring
_date _datemultirange _daterange _float4 _float8 _gtsvector _inet _int2 _int2vector _int4 _int4multirange
_int4range _int8 _int8multirange _int8range _interval _json _jsonb _jsonpath _line _lseg _macaddr _macaddr8
_money _name _numeric _nummultirange _numrange _oid _oidvector _path _pg_lsn _pg_snapshot _point _polygon
_record _refcursor _regclass _regcollation _regconfig _regdictionary _regnamespace _regoper _regoperator
_regproc _regprocedure _regrole _regtype _sql_identifier _text _tid _time _time_stamp _timestamp _timestamptz
_timetz _tsmultirange _tsquery _tsrange _tstzmultirange _tstzrange _tsvector _txid_snapshot _uuid _varbit
_varchar _xid _xid8 _xml _yes_or_no aclitem any anyarray anycompatible anycompatiblearray
anycompatiblemultirange anycompatiblenonarray anycompatiblerange anyelement anyenum anymultirange anynonarray
anyrange bit bool box bpchar bytea cardinal_number char character_data cid cidr circle cstring date
datemultirange daterange event_trigger fdw_handler float4 float8 gtsvector index_am_handler inet int2
int2vector int4 int4multirange int4range int8 int8multirange int8range internal interval json jsonb jsonpath
language_handler line lseg macaddr macaddr8 money name numeric nummultirange numrange oid oidvector path
pg_brin_bloom_summary pg_brin_minmax_multi_summary pg_ddl_command pg_dependencies pg_lsn pg_mcv_list
pg_ndistinct pg_node_tree pg_snapshot point polygon record refcursor regclass regcollation regconfig
regdictionary regnamespace regoper regoperator regproc regprocedure regrole regtype sql_identifier
table_am_handler text tid time time_stamp timestamp timestamptz timetz trigger tsm_handler tsmultirange
tsquery tsrange tstzmultirange tstzrange tsvector txid_snapshot unknown uuid varbit varchar void xid xid8 xml
yes_or_no
""".split())
_SYSTEM_RELATION_KINDS: dict[tuple[str, str], frozenset[str]] = {
    ("pg_catalog", "r"): _PG_CATALOG_TABLES,
    ("pg_catalog", "v"): _PG_CATALOG_VIEWS,
    ("pg_catalog", "i"): _PG_CATALOG_INDEXES,
    ("information_schema", "r"): _INFORMATION_SCHEMA_TABLES,
    ("information_schema", "v"): _INFORMATION_SCHEMA_VIEWS,
}
SYSTEM_RELATIONS: dict[str, frozenset[str]] = {
    "pg_catalog": _PG_CATALOG_TABLES | _PG_CATALOG_VIEWS | _PG_CATALOG_INDEXES,
    "information_schema": _INFORMATION_SCHEMA_TABLES | _INFORMATION_SCHEMA_VIEWS,
}
# The indexes of pg_catalog that back no constraint; every other one backs the constraint of its name.
_SYSTEM_INDEXES_WITHOUT_CONSTRAINT = frozenset("""
pg_class_tblspc_relfilenode_index pg_constraint_conname_nsp_index pg_constraint_conparentid_index
pg_constraint_contypid_index pg_depend_depender_index pg_depend_reference_index pg_index_indrelid_index
pg_inherits_parent_index pg_publication_rel_prpubid_index pg_shdepend_depender_index pg_shdepend_reference_index
pg_statistic_ext_relid_index pg_trigger_tgconstraint_index
""".split())
_SYSTEM_DOMAIN_CHECKS = ("cardinal_number_domain_check", "yes_or_no_check")  # information_schema's domains
