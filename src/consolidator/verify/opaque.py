"""The snapshot's objects the model keeps as their statements (a mixin of the reader): aggregates, operators,
casts, collations, text search configurations and dictionaries, event triggers, foreign-data wrappers, servers,
user mappings, foreign tables' server and options, publications. Each is named and described by the catalog's
own functions (regproc, format_type, pg_describe_object), so two databases compare by what they hold."""

from __future__ import annotations

from consolidator.verify.sql_filters import USER_SCHEMA, not_extension_member

FIRST_USER_OID = 16384  # FirstNormalObjectId: every object below it is PostgreSQL's own


class OpaqueReaders:
    def _opaque_objects(self) -> None:
        self._aggregates()
        self._operators()
        self._casts()
        self._collations()
        self._text_search()
        self._event_triggers()
        self._foreign()
        self._publications()

    def _aggregates(self) -> None:
        for name, transfn, finalfn, combinefn, transtype, initval, sortop, kind in self.q(
            f"""
            SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                   a.aggtransfn::regproc::text, a.aggfinalfn::regproc::text, a.aggcombinefn::regproc::text,
                   format_type(a.aggtranstype, NULL), a.agginitval, a.aggsortop::regoperator::text, a.aggkind
            FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_proc', 'p.oid')}
            """
        ):
            self.add("aggregate", name, state_function=transfn, final_function=finalfn, combine_function=combinefn,
                     state_type=transtype, initial_value=initval, sort_operator=sortop, aggregate_kind=kind)

    def _operators(self) -> None:
        for name, function, commutator, negator, hashes, merges, comment in self.q(
            f"""
            SELECT o.oid::regoperator::text, o.oprcode::regproc::text, o.oprcom::regoperator::text,
                   o.oprnegate::regoperator::text, o.oprcanhash, o.oprcanmerge, obj_description(o.oid, 'pg_operator')
            FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_operator', 'o.oid')}
            """
        ):
            self.add("operator", name, function=function, commutator=commutator, negator=negator, hashes=hashes,
                     merges=merges, comment=comment)

    def _casts(self) -> None:
        for name, function, context, method, comment in self.q(
            f"""
            SELECT format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL),
                   c.castfunc::regprocedure::text, c.castcontext, c.castmethod, obj_description(c.oid, 'pg_cast')
            FROM pg_cast c WHERE c.oid >= {FIRST_USER_OID} AND {not_extension_member('pg_cast', 'c.oid')}
            """
        ):
            self.add("cast", name, function=function, context=context, method=method, comment=comment)

    def _collations(self) -> None:
        for name, provider, collate, ctype, icu, deterministic, comment in self.q(
            f"""
            SELECT n.nspname || '.' || c.collname, c.collprovider, c.collcollate, c.collctype, c.colliculocale,
                   c.collisdeterministic, obj_description(c.oid, 'pg_collation')
            FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_collation', 'c.oid')}
            """
        ):
            self.add("collation", name, provider=provider, collate=collate, ctype=ctype, icu_locale=icu,
                     deterministic=deterministic, comment=comment)

    def _text_search(self) -> None:
        for name, parser, mappings, comment in self.q(
            f"""
            SELECT n.nspname || '.' || c.cfgname, p.prsnamespace::regnamespace::text || '.' || p.prsname,
                   (SELECT string_agg(t.alias || ': ' || (SELECT string_agg(m.mapdict::regdictionary::text, ', '
                                                                            ORDER BY m.mapseqno)
                                                          FROM pg_ts_config_map m
                                                          WHERE m.mapcfg = c.oid AND m.maptokentype = t.tokid),
                                      '; ' ORDER BY t.tokid)
                    FROM ts_token_type(c.cfgparser) t
                    WHERE EXISTS (SELECT 1 FROM pg_ts_config_map m WHERE m.mapcfg = c.oid AND m.maptokentype = t.tokid)),
                   obj_description(c.oid, 'pg_ts_config')
            FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace JOIN pg_ts_parser p ON p.oid = c.cfgparser
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_ts_config', 'c.oid')}
            """
        ):
            self.add("text search configuration", name, parser=parser, mappings=mappings, comment=comment)
        for name, template, options, comment in self.q(
            f"""
            SELECT n.nspname || '.' || dc.dictname, t.tmplnamespace::regnamespace::text || '.' || t.tmplname,
                   dc.dictinitoption, obj_description(dc.oid, 'pg_ts_dict')
            FROM pg_ts_dict dc JOIN pg_namespace n ON n.oid = dc.dictnamespace JOIN pg_ts_template t ON t.oid = dc.dicttemplate
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_ts_dict', 'dc.oid')}
            """
        ):
            self.add("text search dictionary", name, template=template, options=options, comment=comment)

    def _event_triggers(self) -> None:
        for name, event, function, enabled, tags, comment in self.q(
            """
            SELECT e.evtname, e.evtevent, e.evtfoid::regprocedure::text, e.evtenabled, e.evttags::text,
                   obj_description(e.oid, 'pg_event_trigger')
            FROM pg_event_trigger e
            """
        ):
            self.add("event trigger", name, event=event, function=function, enabled=enabled, tags=tags,
                     comment=comment)

    def _foreign(self) -> None:
        for name, handler, validator, options, comment in self.q(
            f"""
            SELECT w.fdwname, w.fdwhandler::regproc::text, w.fdwvalidator::regproc::text, w.fdwoptions::text,
                   obj_description(w.oid, 'pg_foreign_data_wrapper')
            FROM pg_foreign_data_wrapper w WHERE {not_extension_member('pg_foreign_data_wrapper', 'w.oid')}
            """
        ):
            self.add("foreign-data wrapper", name, handler=handler, validator=validator, options=options,
                     comment=comment)
        for name, fdw, kind, version, options, comment in self.q(
            """
            SELECT s.srvname, w.fdwname, s.srvtype, s.srvversion, s.srvoptions::text,
                   obj_description(s.oid, 'pg_foreign_server')
            FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
            """
        ):
            self.add("server", name, wrapper=fdw, type=kind, version=version, options=options, comment=comment)
        for server, user, options in self.q(
            "SELECT srvname, CASE WHEN umuser = 0 THEN 'PUBLIC' ELSE 'a role' END, umoptions::text "
            "FROM pg_user_mappings"
        ):
            self.add("user mapping", f"{user} on {server}", options=options)
        for name, server, options in self.q(
            f"""
            SELECT n.nspname || '.' || c.relname, s.srvname, t.ftoptions::text
            FROM pg_foreign_table t JOIN pg_class c ON c.oid = t.ftrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_foreign_server s ON s.oid = t.ftserver
            WHERE {USER_SCHEMA.format(n='n')}
            """
        ):
            self.add("foreign table", name, server=server, options=options)

    def _publications(self) -> None:
        for name, all_tables, ins, upd, dele, trunc, via_root, tables, comment in self.q(
            """
            SELECT p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
                   (SELECT string_agg(r.prrelid::regclass::text, ', ' ORDER BY r.prrelid::regclass::text)
                    FROM pg_publication_rel r WHERE r.prpubid = p.oid),
                   obj_description(p.oid, 'pg_publication')
            FROM pg_publication p
            """
        ):
            self.add("publication", name, all_tables=all_tables, publish_insert=ins, publish_update=upd,
                     publish_delete=dele, publish_truncate=trunc, via_partition_root=via_root, tables=tables,
                     comment=comment)
