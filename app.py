"""E-Government Command Center: the global filters (kept in the URL), the navigation of the pages
listed in `pages.site` and the access pages the signed-in role may use (`pages.access_site`), and
meeting mode."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from i18n import t
from metrics.periods import latest_complete_month
from pages import cached_reads as reads
from pages import access_site, components, connection, next_views, sidebar, signin, site, view_pieces
from pages.url_params import BY_NAME, SHARED, kept, resolve, with_filters
from pages.view_context import build_context

query = st.query_params.to_dict()
lang = query.get("lang") if query.get("lang") in BY_NAME["lang"].choices else "vi"
st.set_page_config(page_title=t("app_tab_title", lang), page_icon="🏛️", layout="wide")
lang = sidebar.language(lang)
meeting = query.get("mode") == "meeting"
url = connection.open_database(lang)

with connection.guard(lang, url):
    user = signin.sign_in(lang, url)
    facts = reads.facts(url)
    last = facts["last_month"] or latest_complete_month()
    first = facts["first_month"] or last
    resolved = resolve(query, first, last)
    values = resolved.values
    if not meeting:
        values = with_filters(values, sidebar.filters(lang, values, first, last))
    ctx = build_context(lang, values, url, facts["demo"], last, meeting)
    components.notices(resolved.notices, lang)

    if meeting:
        st.html("<style>section[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl']{display:none}"
                "html{font-size:22px} [data-testid='stMetricValue']{font-size:3rem}</style>")
        page = st.navigation(site.meeting_page(ctx, values["every"]), position="hidden")
    else:
        signin.sidebar_badge(user, lang)
        page = st.navigation(access_site.sections(ctx, site.navigation(ctx), user))
        st.query_params.from_dict(kept({**values, "lang": lang}))
    built = view_pieces.built_here()
    page.run()
    if not meeting:
        signin.footer_note(user, lang)
    if view_pieces.built_here() > built and not st.context.headers.get(next_views.AHEAD_HEADER):
        # a view nobody prepared: its pages are built next (with a piece store); meeting mode's
        # later slides show them
        next_views.ask(st.get_option("server.port"), "" if meeting else page.url_path,
                       urlencode(kept({**values, "lang": lang, "mode": None}, SHARED)))
