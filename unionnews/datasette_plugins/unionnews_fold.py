"""Datasette plugin: the store's folding as SQL functions, for the canned queries and search.

unionnews_fold(text) folds like the indexes do; unionnews_fts_query(text) turns a user's
words into a safe FTS5 MATCH expression, so "Công đoàn" (with đ) finds what "cong doan" finds.
Datasette's own escape_fts, which the table pages' search box goes through, is replaced by the
same function: any text typed there (a lone `"`, `NEAR(`) is searched as the words it holds.
"""

from datasette import hookimpl

from unionnews.folding import fold, fts_query


def _match(text):
    # An FTS5 expression that matches nothing when the query holds no word.
    return fts_query(text) or '""'


# trylast: Datasette's own escape_fts is registered by a built-in plugin; ours must win.
@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("unionnews_fold", 1, fold, deterministic=True)
    conn.create_function("unionnews_fts_query", 1, _match, deterministic=True)
    conn.create_function("escape_fts", 1, _match, deterministic=True)
