"""The URL × role matrix: what every role gets from every URL, declared once (checked by test_url_matrix.py).

Every URL pattern the resolver knows must have a row here, or test_url_matrix fails: a new page
cannot ship without someone deciding who may open it. Each row names the records its URL's
arguments point at (`kinds`, built for branch A and for branch B by the `site` fixture in
conftest.py) and what a GET by each role returns on A's record and on B's:

    LOGIN      302 to the login page (anonymous)
    REDIRECT   302 elsewhere: the page sends this role on (a reviewer from the member's form to the list)
    OK         200
    FORBIDDEN  403: the record is seen, the action is not allowed
    NOT_FOUND  404: the record is outside the role's scope (or a URL names nothing the role can see)
    POST_ONLY  405: the URL only takes POST (a GET changes nothing; each view's tests cover the POST)

A single outcome stands for both branches. Whatever the status, no body may contain what
`NEVER_SHOWN` lists for the role: confidential sources' details, confidential problems of
others, and phone numbers of members the role does not manage.

A hole known today is never declared as it is: the row keeps the outcome it should have, and
`xfail={(role, side): "why, and who fixes it"}` marks that case as a strict expected failure, so
the test fails again the day the fix lands, until the mark is removed.

The roles are the test world's (conftest.py): anonymous; alice, a member of branch A with a
login; sec_a and sec_b, the secretaries of branches A and B; admin (org admin), leader,
inspector and discipline, all on the committee above both branches.
"""

from dataclasses import dataclass, field

ROLES = ("anonymous", "alice", "sec_a", "sec_b", "admin", "leader", "inspector", "discipline")
SIDES = ("a", "b")

LOGIN = "login"
REDIRECT = "redirect"
OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
POST_ONLY = 405

# --- What the site fixture writes, and who must never read it ---

# Each member's current and former phone (the former one shows in the change history).
PHONES = {
    "alice": ("13812345678", "13800001111"),
    "bob": ("13812340002",),  # branch A, no login
    "carol": ("13912345678", "13900002222"),  # branch B
}
# The free text of why a phone was changed ("更换手机号码：…" in the history): sensitive like the phone.
CHANGE_REASONS = {"alice": "张丽本人申请，原号码停用", "carol": "李梅本人申请，原号码停用"}
# 来源详情 of the 信访举报 problem in each branch: who reported it. Discipline only, never its subject.
SECRET_DETAIL = {"a": "举报人：王某某（一中）", "b": "举报人：李某某（二中）"}
# The 信访举报 problem itself and its rectification: discipline and the member it concerns.
SECRET_TEXT = {"a": ("收受礼金线索（一中）", "退还礼金并说明（一中）"),
               "b": ("收受礼金线索（二中）", "退还礼金并说明（二中）")}

# What only a member's managers (and the member herself) read in clear.
_A_MANAGED = PHONES["alice"] + PHONES["bob"] + (CHANGE_REASONS["alice"],)
_B_MANAGED = PHONES["carol"] + (CHANGE_REASONS["carol"],)
_DETAILS = tuple(SECRET_DETAIL.values())
_SECRETS = SECRET_TEXT["a"] + SECRET_TEXT["b"]
NEVER_SHOWN = {
    "anonymous": _A_MANAGED + _B_MANAGED + _DETAILS + _SECRETS,
    # her own phone and her own 信访举报 problem, yes; who reported it, no
    "alice": PHONES["bob"] + _B_MANAGED + _DETAILS + SECRET_TEXT["b"],
    "sec_a": _B_MANAGED + _DETAILS + _SECRETS,
    "sec_b": _A_MANAGED + _DETAILS + _SECRETS,
    "admin": _DETAILS + _SECRETS,
    # read-only roles see phones masked (138****5678)
    "leader": _A_MANAGED + _B_MANAGED + _DETAILS + _SECRETS,
    "inspector": _A_MANAGED + _B_MANAGED + _DETAILS + _SECRETS,
    "discipline": _A_MANAGED + _B_MANAGED,
}


@dataclass(frozen=True)
class Row:
    kinds: tuple[str, ...]  # the records the URL's arguments name, in order ("campaign", "reflection")
    expect: dict[str, tuple]  # role -> (outcome on branch A's records, outcome on branch B's)
    xfail: dict[tuple[str, str], str] = field(default_factory=dict)  # (role, side) -> a hole known today

    @property
    def label(self) -> str:
        return "+".join(self.kinds) or "-"


def url(*kinds, xfail=None, **expect) -> Row:
    missing = set(ROLES) - set(expect)
    assert not missing, f"declare {sorted(missing)} for {kinds}"
    pairs = {role: value if isinstance(value, tuple) else (value, value) for role, value in expect.items()}
    if not kinds:
        assert all(a == b for a, b in pairs.values()), "a URL without arguments has one outcome per role"
    return Row(tuple(kinds), pairs, xfail or {})


def everyone(outcome=OK, **overrides) -> dict:
    """Every logged-in role gets `outcome`; anonymous goes to the login page."""
    return {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], outcome), **overrides}


# Records of a branch, read by role: each secretary in their own branch, the committee's roles everywhere.
BRANCH_VIEW = dict(anonymous=LOGIN, sec_a=(OK, NOT_FOUND), sec_b=(NOT_FOUND, OK),
                   admin=OK, leader=OK, inspector=OK, discipline=OK)
# A manager's change: secretaries in their branch and the org admin; the read-only roles see but may not.
BRANCH_MANAGE = dict(BRANCH_VIEW, leader=FORBIDDEN, inspector=FORBIDDEN, discipline=FORBIDDEN)
# Only the org admin: secretaries see their branch but may not; the read-only roles likewise.
ADMIN_ONLY = dict(BRANCH_MANAGE, sec_a=(FORBIDDEN, NOT_FOUND), sec_b=(NOT_FOUND, FORBIDDEN))
# A member's own record: nobody else may change it, though the branch's reviewers read it.
OWNER_ONLY = dict(ADMIN_ONLY, admin=FORBIDDEN)
# A member's own page: she fills it, whoever oversees the branch is sent on to the list.
MEMBERS_FORM = dict(anonymous=LOGIN, alice=(OK, NOT_FOUND), sec_a=(REDIRECT, NOT_FOUND),
                    sec_b=(NOT_FOUND, REDIRECT), admin=REDIRECT, leader=REDIRECT, inspector=REDIRECT,
                    discipline=REDIRECT)
# The reviewers' list of a campaign: a member is sent to her own form.
REVIEWERS_LIST = dict(BRANCH_VIEW, alice=(REDIRECT, NOT_FOUND))
# A 信访举报 problem and what hangs off it: discipline, and the member it concerns (alice in A).
CONFIDENTIAL = dict(anonymous=LOGIN, alice=(OK, NOT_FOUND), sec_a=NOT_FOUND, sec_b=NOT_FOUND,
                    admin=NOT_FOUND, leader=NOT_FOUND, inspector=NOT_FOUND, discipline=OK)
# POST-only endpoints behind login_required: anonymous is sent to log in first.
POST_AFTER_LOGIN = everyone(POST_ONLY)
# POST-only endpoints whose require_POST comes before login_required: 405 for anonymous as well.
POST_FIRST = dict.fromkeys(ROLES, POST_ONLY)

TABLE: dict[str, list[Row]] = {
    # --- core: landing, login, the bell ---
    "home": [url(**everyone(REDIRECT))],  # to 我的
    "login": [url(**everyone(REDIRECT, anonymous=OK))],  # a logged-in user goes home
    "logout": [url(**POST_FIRST)],  # Django's LogoutView takes POST only
    "notification_list": [url(**everyone())],  # one's own notifications only
    "notification_read": [url("notification", **POST_AFTER_LOGIN)],
    "notification_read_all": [url(**POST_AFTER_LOGIN)],

    # --- orgs: the tree, members, roster import; a member has no role that reads orgs ---
    "org_tree": [url(**everyone())],  # starts at the user's own top orgs (none for a member)
    "org_children": [url("org", **BRANCH_VIEW, alice=NOT_FOUND)],
    "org_detail": [url("org", **BRANCH_VIEW, alice=NOT_FOUND)],
    "org_history": [url("org", **BRANCH_VIEW, alice=NOT_FOUND)],
    "org_create": [url("org", **ADMIN_ONLY, alice=NOT_FOUND)],
    "org_move": [url("org", **ADMIN_ONLY, alice=NOT_FOUND)],
    "member_create": [url("org", **BRANCH_MANAGE, alice=NOT_FOUND)],
    "roster_import": [url("org", **BRANCH_MANAGE, alice=NOT_FOUND)],
    "roster_template": [url(**everyone())],  # an empty workbook
    "member_detail": [url("member", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    "member_edit": [url("member", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
    "member_transfer": [url("member", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
    "member_deactivate": [url("member", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
    # the history masks phones and change reasons as the detail page does (NEVER_SHOWN checks it)
    "member_history": [url("member", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],

    # --- campaigns: seen by everyone in the subtree they cover, launched by the org admin ---
    "campaign_list": [url(**everyone())],
    "campaign_create": [url(**everyone(FORBIDDEN, admin=OK))],
    "campaign_detail": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    "campaign_edit": [url("campaign", **ADMIN_ONLY, alice=(FORBIDDEN, NOT_FOUND))],
    "campaign_activate": [url("campaign", **POST_FIRST)],
    "campaign_close": [url("campaign", **POST_FIRST)],
    "campaign_task_add": [url("campaign", **POST_FIRST)],
    "campaign_summary_document": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],  # what she sees

    # --- the problem-list library: reference data every user reads, the org admin imports ---
    "checklist_list": [url(**everyone())],
    "checklist_detail": [url("checklist", **everyone())],
    "checklist_export": [url("checklist", **everyone())],
    "checklist_template": [url(**everyone())],
    "checklist_import": [url(**everyone(FORBIDDEN, admin=OK))],

    # --- 学: study activities (a member sees those she attended), reflections ---
    "study_list": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    "study_create": [url("campaign", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
    "study_detail": [url("campaign", "activity", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    "study_attendance": [url("campaign", "activity", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
    "material_download": [url("campaign", "material", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    "reflection_list": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    # only a member writes one; anyone else is told so and sent back to the list
    "reflection_create": [url("campaign", **MEMBERS_FORM)],
    "reflection_detail": [url("campaign", "reflection", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    # hers, but submitted: she is sent back to read it; nobody else edits it
    "reflection_edit": [url("campaign", "reflection", **OWNER_ONLY, alice=(REDIRECT, NOT_FOUND))],
    "reflection_action": [url("campaign", "reflection", **POST_AFTER_LOGIN)],

    # --- 查: self-inspection (A's is bob's, so alice reads none but her own form), commitment ---
    "inspection_mine": [url("campaign", **MEMBERS_FORM)],
    "inspection_list": [url("campaign", **REVIEWERS_LIST)],
    "inspection_detail": [url("campaign", "inspection", **BRANCH_VIEW, alice=NOT_FOUND)],
    "inspection_document": [url("campaign", "inspection", **BRANCH_VIEW, alice=NOT_FOUND)],
    "commitment_sign": [url("campaign", **MEMBERS_FORM)],
    "commitment_list": [url("campaign", **REVIEWERS_LIST)],
    "my_work": [url(**everyone())],

    # --- 改: problems (plain and 信访举报), rectifications, evidence, the ledger and its exports ---
    "problem_list": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    # inspector and discipline register problems too; the leader only reads
    "problem_create": [url("campaign", **dict(BRANCH_VIEW, leader=FORBIDDEN), alice=(FORBIDDEN, NOT_FOUND))],
    "problem_detail": [url("problem", **BRANCH_VIEW, alice=(OK, NOT_FOUND)),
                       url("secret_problem", **CONFIDENTIAL)],
    "rectification_create": [url("problem", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
    "rectification_detail": [url("rectification", **BRANCH_VIEW, alice=(OK, NOT_FOUND)),
                             url("secret_rectification", **CONFIDENTIAL)],
    "rectification_action": [url("rectification", **POST_AFTER_LOGIN)],
    "evidence_upload": [url("rectification", **POST_AFTER_LOGIN)],
    "evidence_download": [url("evidence", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    "ledger_list": [url(**everyone())],  # what each role sees of it: the NEVER_SHOWN check
    "ledger_export": [url(**everyone())],  # .xlsx; its cells are read for NEVER_SHOWN too
    # an export job is its requester's alone (sec_a's in A, sec_b's in B)
    "export_job_detail": [url("export_job", **everyone(NOT_FOUND, sec_a=(OK, NOT_FOUND), sec_b=(NOT_FOUND, OK)))],
    "export_job_download": [url("export_job", **everyone(NOT_FOUND, sec_a=(OK, NOT_FOUND),
                                                        sec_b=(NOT_FOUND, OK)))],

    # --- reports: the dashboard and its API (DRF answers anonymous with 403, not a redirect) ---
    # a member sees the campaign but has no dashboard of it
    "campaign_dashboard": [url("campaign", **BRANCH_VIEW, alice=(FORBIDDEN, NOT_FOUND))],
    "api_campaign_figures": [url("campaign", **dict(BRANCH_VIEW, anonymous=FORBIDDEN),
                                 alice=(FORBIDDEN, NOT_FOUND))],
    "api_schema": [url(**everyone(anonymous=FORBIDDEN))],
}
