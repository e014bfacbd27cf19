"""The SQL behind :func:`kapanalytics.criteria.account_criteria_frame`, one step per idea.

Every step aggregates per *unit*: the account itself at the account level, its top-most parent at
the group level (step ``units`` maps each filtered account to its unit). Money is summed per unit,
distinct things (product groups, buying roles) are counted over the unit's members, ratings are
averaged weighted by the members' positive L12M revenue, and the ratios are computed last, from
the unit's sums. Definitions: docs/metrics.md, "Key-account selection".
"""

from __future__ import annotations

from datetime import date, timedelta

from kapanalytics.filters import Filters, Period, last_12_months
from kapanalytics.keyaccounts import key_accounts_cte
from kapanalytics.staging import NONE_LABEL, Cte, account_groups_cte, staging_ctes, with_query

RATING_CRITERIA = (
    "product_fit",
    "cultural_fit",
    "geographic_fit",
    "channel_partner_potential",
    "strategic_importance",
)
"""The qualitative criteria rated 1 (poor) .. 5 (excellent) in ``account_ratings``."""

BUYING_ROLES = (
    "decision maker",
    "user",
    "influencer",
    "ratifier",
    "specifier",
    "door opener",
    "buyer",
)
"""The buying-centre roles whose coverage counts toward relationship strength."""

TOUCHPOINTS_PER_YEAR_TARGET = 12
"""Touchpoints in L12M at which the touchpoint half of relationship strength is full (monthly)."""

WIN_RATE_YEARS = 3
"""Opportunities closed in this many years up to the analysis date count for the win rate."""

ATTITUDE_SCORES = {
    "mentor": 100.0,
    "positive": 75.0,
    "neutral": 50.0,
    "negative": 25.0,
    "enemy": 0.0,
}
"""An account's attitude toward us on 0..100, for the portfolio matrix."""


FRAME_COLUMNS = (
    "account_id",
    "name",
    "parent_account_id",
    "status",
    "owner",
    "members",
    "revenue_l12m",
    "revenue_prior_l12m",
    "revenue_l12m_3y_ago",
    "revenue_cagr_3y",
    "revenue_growth_1y",
    "contribution_margin_l12m",
    "costed_revenue_l12m",
    "contribution_margin_pct_l12m",
    "annual_potential",
    "white_space",
    "share_of_wallet",
    "purchase_frequency",
    "product_group_breadth",
    "won_opportunities",
    "lost_opportunities",
    "win_rate",
    "open_pipeline",
    "roles_covered",
    "touchpoints_l12m",
    "relationship_strength",
    "credit_rating",
    "attitude",
    "attitude_score",
    *RATING_CRITERIA,
    "is_key_account",
)
"""The columns of :func:`account_criteria_frame`, in order."""


def criteria_frame_query(filters: Filters, as_of: date, level: str) -> tuple[str, list]:
    """The SQL of :func:`account_criteria_frame` and its parameters."""
    l12m = last_12_months(as_of)
    prior = last_12_months(_years_before(as_of, 1))
    base = last_12_months(_years_before(as_of, 3))
    # like L12M: the years ending on as_of, the day WIN_RATE_YEARS years back excluded
    win_window = Period(_years_before(as_of, WIN_RATE_YEARS) + timedelta(days=1), as_of)
    narrowed = filters.account_filters_active
    ctes = [
        *staging_ctes(filters),
        key_accounts_cte(),
        *_units_ctes(level),
        _account_windows_cte(l12m, prior, base),
        _unit_revenue_cte(),
        _unit_breadth_cte(l12m),
        _unit_opportunities_cte(win_window, level, narrowed),
        _unit_contacts_cte(l12m, level, narrowed),
        _unit_judgements_cte(level),
    ]
    return with_query(ctes, _final_select(level), (TOUCHPOINTS_PER_YEAR_TARGET,))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _units_ctes(level: str) -> list[Cte]:
    """``units``: which unit (row of the result) each filtered account counts toward.

    The account level needs no hierarchy, and walking it costs seconds on large data.
    """
    if level != "group":
        sql = "select account_id, account_id as unit_id from filtered_accounts"
        return [Cte("units", sql)]
    sql = """
    select accounts.account_id, groups.group_id as unit_id
    from filtered_accounts as accounts
    inner join account_groups as groups
        on groups.account_id = accounts.account_id
    """
    return [account_groups_cte(), Cte("units", sql)]


def _per_unit(source: str, level: str, narrowed: bool) -> tuple[str, str]:
    """How rows of a large table aliased ``source`` (with an account_id) meet their unit:
    ``(unit id expression, join clause)``.

    At the account level the account is the unit, so the rows are grouped by their own
    account_id, narrowed to the filtered accounts only when an account filter is set, instead
    of each of up to millions of rows being matched with the units.
    """
    if level == "group":
        return "units.unit_id", f"inner join units on units.account_id = {source}.account_id"
    if not narrowed:
        return f"{source}.account_id", ""
    return (
        f"{source}.account_id",
        f"semi join filtered_accounts on filtered_accounts.account_id = {source}.account_id",
    )


def _account_windows_cte(l12m: Period, prior: Period, base: Period) -> Cte:
    """``account_windows``: per account with lines in them, revenue in the three 12-month
    windows and margin, costed revenue and purchases in the last, from one pass over the
    account days."""
    in_l12m = "day between ? and ?"
    sql = f"""
    select
        account_id,
        sum(revenue) filter (where {in_l12m}) as revenue_l12m,
        sum(revenue) filter (where day between ? and ?) as revenue_prior,
        sum(revenue) filter (where day between ? and ?) as revenue_base,
        sum(contribution_margin) filter (where {in_l12m}) as contribution_margin_l12m,
        sum(costed_revenue) filter (where {in_l12m}) as costed_revenue_l12m,
        sum(purchases) filter (where {in_l12m}) as purchases_l12m
    from account_days
    where day between ? and ?
    group by account_id
    """
    last = (l12m.start, l12m.end)
    params = (*last, prior.start, prior.end, base.start, base.end, *last, *last, *last)
    return Cte("account_windows", sql, (*params, base.start, l12m.end))


def _unit_revenue_cte() -> Cte:
    """``unit_revenue``: revenue, margin and purchases per unit in the three 12-month windows
    (an account without lines in a window adds 0 revenue and 0 purchases, and nothing to the
    margin, which stays null for a unit without any costed line)."""
    return Cte(
        "unit_revenue",
        """
    select
        units.unit_id,
        count(*) as members,
        sum(coalesce(windows.revenue_l12m, 0)) as revenue_l12m,
        sum(coalesce(windows.revenue_prior, 0)) as revenue_prior_l12m,
        sum(coalesce(windows.revenue_base, 0)) as revenue_l12m_3y_ago,
        sum(windows.contribution_margin_l12m) as contribution_margin_l12m,
        sum(windows.costed_revenue_l12m) as costed_revenue_l12m,
        -- a double, as pandas got it before: a sum of integers is a 128-bit integer in DuckDB
        sum(coalesce(windows.purchases_l12m, 0))::double as purchase_frequency
    from units
    left join account_windows as windows on windows.account_id = units.account_id
    group by units.unit_id
    """,
    )


def _unit_breadth_cte(l12m: Period) -> Cte:
    """``unit_breadth``: distinct product groups bought (positive lines of purchases) in L12M."""
    return Cte(
        "unit_breadth",
        """
    select units.unit_id, count(distinct bought.product_group) as product_group_breadth
    from (
        -- each account's groups first: the units join then meets a row per account and group
        -- instead of one per line
        -- a line of a purchase is a line of no other invoice: the few invoices that are no
        -- purchase (credit notes, nothing to pay) are cheaper to rule out than all to match
        select distinct lines.account_id, lines.product_group
        from invoice_lines as lines
        where lines.invoice_date between ? and ?
            and lines.net_amount > 0
            and lines.product_group <> ?
            and not exists (
                select 1
                from invoices as other
                where not other.is_purchase
                    and other.account_id = lines.account_id
                    and other.invoice_id = lines.invoice_id
            )
    ) as bought
    inner join units on units.account_id = bought.account_id
    group by units.unit_id
    """,
        (l12m.start, l12m.end, NONE_LABEL),
    )


def _unit_opportunities_cte(win_window: Period, level: str, narrowed: bool) -> Cte:
    """``unit_opportunities``: won and lost (closed in the window) and the open pipeline."""
    unit, join = _per_unit("opportunities", level, narrowed)
    return Cte(
        "unit_opportunities",
        f"""
    select
        {unit} as unit_id,
        count(*) filter (where status = 'won' and close_date between ? and ?) as won,
        count(*) filter (where status = 'lost' and close_date between ? and ?) as lost,
        sum(coalesce(amount, 0)) filter (where status = 'open') as open_pipeline
    from (
        select account_id, lower(trim(status)) as status, close_date, amount
        from opportunities
    ) as opportunities
    {join}
    group by all
    """,
        (win_window.start, win_window.end) * 2,
    )


def _unit_contacts_cte(l12m: Period, level: str, narrowed: bool) -> Cte:
    """``unit_contacts``: buying roles covered by contacts, and touchpoints in L12M."""
    contact_unit, contact_join = _per_unit("contacts", level, narrowed)
    activity_unit, activity_join = _per_unit("activities", level, narrowed)
    return Cte(
        "unit_contacts",
        f"""
    select
        units.unit_id,
        coalesce(roles.roles_covered, 0) as roles_covered,
        coalesce(touchpoints.touchpoints, 0) as touchpoints_l12m
    from (select distinct unit_id from units) as units
    left join (
        select {contact_unit} as unit_id,
            count(distinct lower(trim(contacts.buying_role))) as roles_covered
        from contacts
        {contact_join}
        where lower(trim(contacts.buying_role)) in (select unnest(?::varchar[]))
        group by all
    ) as roles on roles.unit_id = units.unit_id
    left join (
        select {activity_unit} as unit_id, count(*) as touchpoints
        from activities
        {activity_join}
        where activities.activity_date between ? and ?
        group by all
    ) as touchpoints on touchpoints.unit_id = units.unit_id
    """,
        (list(BUYING_ROLES), l12m.start, l12m.end),
    )


def _unit_judgements_cte(level: str) -> Cte:
    """``unit_judgements``: credit rating, attitude and the latest 1..5 ratings per unit.

    Per member the latest rating of each criterion (by ``rated_at``, whenever it was given);
    per unit a mean weighted by the members' positive L12M revenue, or the plain mean where the
    rated members have no positive revenue. An account alone is its own mean, so at the
    account level its values are taken as they are.
    """
    attitude_cases = " ".join(
        f"when '{label}' then {score}::double" for label, score in ATTITUDE_SCORES.items()
    )
    rating_columns = ",\n        ".join(
        f"max(rating) filter (where criterion = '{key}')::double as {key}"
        for key in RATING_CRITERIA
    )
    judged = ("credit_rating", "attitude_score", *RATING_CRITERIA)
    if level == "group":
        values = ",\n    ".join(f"{_weighted_mean(column)} as {column}" for column in judged)
        grouping = "group by unit_id"
    else:
        values = ",\n    ".join(f"{column}::double as {column}" for column in judged)
        grouping = ""
    # attitude labels and criterion keys above are constants of this module, never user input
    return Cte(
        "unit_judgements",
        f"""
    with latest_ratings as (
        select
            account_id,
            {rating_columns}
        from (
            -- the rating of each account and criterion given last
            select account_id, lower(trim(criterion)) as criterion,
                arg_max(rating, rated_at) as rating
            from account_ratings
            where rating is not null
            group by all
        )
        group by account_id
    ),
    members as (
        select
            units.unit_id,
            greatest(coalesce(windows.revenue_l12m, 0), 0) as weight,
            accounts.credit_rating,
            case lower(trim(accounts.attitude)) {attitude_cases} end as attitude_score,
            latest_ratings.* exclude (account_id)
        from units
        inner join filtered_accounts as accounts on accounts.account_id = units.account_id
        left join account_windows as windows on windows.account_id = units.account_id
        left join latest_ratings on latest_ratings.account_id = units.account_id
    )
    select
    unit_id,
    {values}
    from members
    {grouping}
    """,
    )


def _weighted_mean(column: str) -> str:
    """SQL: the mean of ``column`` weighted by ``weight``, plain where no weight is positive."""
    rated_weight = f"sum(weight) filter (where {column} is not null)"
    mean = (
        f"case when {rated_weight} > 0 then sum({column} * weight) / {rated_weight}"
        f" else avg({column}) end"
    )
    # rounding must not push a mean outside its values: one member's 5 stays exactly 5
    return f"least(greatest({mean}, min({column})), max({column}))"


def _final_select(level: str) -> str:
    """The result: identity of each unit, its facts, and the ratios computed from them."""
    if level == "group":
        identity = """
        unit.account_id,
        unit.name,
        cast(null as varchar) as parent_account_id,
        unit.status,
        unit.owner,"""
        identity_join = "inner join accounts as unit on unit.account_id = revenue.unit_id"
        attitude = f"""
        case round(judgements.attitude_score / 25)
            {" ".join(f"when {s / 25:.0f} then '{a}'" for a, s in ATTITUDE_SCORES.items())}
        end as attitude,"""
        key_account = """
        exists (
            select 1 from units as members
            inner join key_accounts on key_accounts.account_id = members.account_id
            where members.unit_id = revenue.unit_id
        ) or unit.account_id in (select account_id from key_accounts) as is_key_account"""
    else:
        identity = """
        unit.account_id,
        unit.name,
        unit.parent_account_id,
        unit.status,
        unit.owner,"""
        identity_join = "inner join filtered_accounts as unit on unit.account_id = revenue.unit_id"
        attitude = "lower(trim(unit.attitude)) as attitude,"
        key_account = "unit.account_id in (select account_id from key_accounts) as is_key_account"
    return f"""
    select
        {identity.strip()}
        revenue.members,
        revenue.revenue_l12m,
        revenue.revenue_prior_l12m,
        revenue.revenue_l12m_3y_ago,
        case when revenue.revenue_l12m > 0 and revenue.revenue_l12m_3y_ago > 0
            then power(revenue.revenue_l12m / revenue.revenue_l12m_3y_ago, 1.0 / 3) - 1
        end as revenue_cagr_3y,
        case when revenue.revenue_prior_l12m <> 0
            then (revenue.revenue_l12m - revenue.revenue_prior_l12m)
                / abs(revenue.revenue_prior_l12m)
        end as revenue_growth_1y,
        revenue.contribution_margin_l12m,
        revenue.costed_revenue_l12m,
        revenue.contribution_margin_l12m / nullif(revenue.costed_revenue_l12m, 0)
            as contribution_margin_pct_l12m,
        potential.annual_potential,
        potential.annual_potential - revenue.revenue_l12m as white_space,
        case when potential.annual_potential > 0
            then revenue.revenue_l12m / potential.annual_potential
        end as share_of_wallet,
        revenue.purchase_frequency,
        coalesce(breadth.product_group_breadth, 0) as product_group_breadth,
        coalesce(opportunities.won, 0) as won_opportunities,
        coalesce(opportunities.lost, 0) as lost_opportunities,
        opportunities.won / nullif(opportunities.won + opportunities.lost, 0) as win_rate,
        coalesce(opportunities.open_pipeline, 0) as open_pipeline,
        contacts.roles_covered,
        contacts.touchpoints_l12m,
        50.0 * contacts.roles_covered / {len(BUYING_ROLES)}
            + 50.0 * least(contacts.touchpoints_l12m, ?) / {TOUCHPOINTS_PER_YEAR_TARGET}
            as relationship_strength,
        judgements.credit_rating,
        {attitude.strip()}
        judgements.attitude_score,
        {", ".join(f"judgements.{key}" for key in RATING_CRITERIA)},
        {key_account.strip()}
    from unit_revenue as revenue
    {identity_join}
    inner join (
        select units.unit_id, sum(accounts.annual_potential) as annual_potential
        from units
        inner join filtered_accounts as accounts on accounts.account_id = units.account_id
        group by units.unit_id
    ) as potential on potential.unit_id = revenue.unit_id
    left join unit_breadth as breadth on breadth.unit_id = revenue.unit_id
    left join unit_opportunities as opportunities on opportunities.unit_id = revenue.unit_id
    inner join unit_contacts as contacts on contacts.unit_id = revenue.unit_id
    inner join unit_judgements as judgements on judgements.unit_id = revenue.unit_id
    order by unit.account_id
    """
