"""The demo board's people, essays, comment debates and votes, as plain data.

Nothing here touches the app or the database: a seeding command reads these tuples and
creates rows from them.  Keys (post and comment ``key`` fields) are stable, human-readable
identifiers used only to wire the data together; they are not stored.

Texts are written with hard line breaks for readability in this file; ``_md`` joins the
lines of each paragraph again so that Markdown renderers configured to keep single line
breaks still show flowing paragraphs.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

# Every demo account shares this password so that a visitor can sign in as any of the
# people below and see the board from their side (the README says so).  It is public on
# purpose: never seed the demo content into a board with real users.
DEMO_PASSWORD = "demo-password-123"  # noqa: S105

FLAGSHIP_KEY = "thank-you-note"


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    headline: str
    bio_markdown: str


@dataclass(frozen=True)
class DemoPost:
    key: str
    author: str  # a DemoUser.username
    title: str
    body_markdown: str
    cover_theme: str  # a key of board.demo_covers.THEMES
    age_hours: float  # how long ago the post was published
    tags: tuple[str, ...] = ()  # DemoTag.slug values, 1 to 5


@dataclass(frozen=True)
class DemoTag:
    slug: str
    name: str
    description: str


@dataclass(frozen=True, kw_only=True)
class DemoComment:
    key: str
    post: str  # a DemoPost.key
    author: str  # a DemoUser.username
    body_markdown: str
    parent: str | None = None  # the key of the comment this one replies to
    age_hours: float  # how long ago the comment was written; younger than its parent


@dataclass(frozen=True)
class DemoVote:
    voter: str  # a DemoUser.username
    target_key: str  # a DemoPost.key or a DemoComment.key
    value: int  # +1 or -1


_BLOCK_START = re.compile(r"^(#{1,6} |> |[-*+] |\d+\. |```)")


def _md(text: str) -> str:
    """Dedent ``text`` and join hard-wrapped lines that continue a paragraph or list item."""
    lines = textwrap.dedent(text).strip().splitlines()
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if (
            line
            and out
            and out[-1]
            and not _BLOCK_START.match(line)
            and not out[-1].startswith("#")
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------

USERS: tuple[DemoUser, ...] = (
    DemoUser(
        username="priya_raman",
        display_name="Priya Raman",
        headline="Head of Talent at a 40-person fintech",
        bio_markdown=_md(
            """
            I build hiring processes that are *boring on purpose*: written scorecards,
            structured interviews, no secret handshakes. Eight years in talent, the last
            three at a payments startup. I write about fair hiring on
            [my newsletter](https://example.com/priya-writes).
            """
        ),
    ),
    DemoUser(
        username="marcus-oyelaran",
        display_name="Marcus Oyelaran",
        headline="Staff engineer, ex-consultant",
        bio_markdown=_md(
            """
            Six years at a Big Four consultancy, then a jump into platform engineering.
            I care about systems that are easy to reason about, including org charts.
            Opinions are my own and usually held loosely.
            """
        ),
    ),
    DemoUser(
        username="dana_whitfield",
        display_name="Dana Whitfield",
        headline="Career coach for career changers",
        bio_markdown=_md(
            """
            Former secondary-school teacher who moved into L&D, then into coaching.
            I help teachers, nurses and hospitality folks make the leap into tech and
            operations roles. **Your detour is a feature.**
            """
        ),
    ),
    DemoUser(
        username="tomas_reyes",
        display_name="Tomás Reyes",
        headline="Sales Director, EMEA at a B2B SaaS company",
        bio_markdown=_md(
            """
            Twelve years carrying a quota, the last five leading teams of account
            executives across Madrid, Dublin and Berlin. I hire for curiosity and
            follow-through. Ask me about mutual action plans.
            """
        ),
    ),
    DemoUser(
        username="helen_cho",
        display_name="Helen Cho",
        headline="Engineering manager, hiring for platform teams",
        bio_markdown=_md(
            """
            I manage two platform teams and have run a few hundred technical interviews.
            Currently trying to make our take-home assignment *shorter*. Previously SRE
            at a streaming company.
            """
        ),
    ),
    DemoUser(
        username="jordan_ames",
        display_name="Jordan Ames",
        headline="New grad, CS '24 — looking for my first backend role",
        bio_markdown=_md(
            """
            Recent computer science graduate. I like databases, distributed systems and
            asking questions people think are obvious. Projects and write-ups on
            [my site](https://example.com/jordan).
            """
        ),
    ),
    DemoUser(
        username="sofia_lindqvist",
        display_name="Sofia Lindqvist",
        headline="Technical recruiter — agency for 6 years, in-house since 2021",
        bio_markdown=_md(
            """
            I've placed engineers, analysts and the occasional unicorn. I answer every
            candidate, even when the answer is no. Based in Stockholm, hiring across
            Europe.
            """
        ),
    ),
    DemoUser(
        username="kwame_asante",
        display_name="Kwame Asante",
        headline="Founder & CEO, seed-stage logistics startup",
        bio_markdown=_md(
            """
            Second-time founder. We help small freight carriers fill empty return trips.
            Eleven people, one office, too many spreadsheets. *Always hiring people who
            finish things.*
            """
        ),
    ),
    DemoUser(
        username="ellen_marsh",
        display_name="Dr. Ellen Marsh",
        headline="Professor of Human Resource Management; studies bias in hiring",
        bio_markdown=_md(
            """
            I research how selection processes produce unequal outcomes, and what
            actually reduces that. Teaching HRM for fifteen years. Recent paper:
            [*Unwritten Rules in Structured Interviews*](https://example.com/marsh-2024).
            """
        ),
    ),
    DemoUser(
        username="noor_haddad",
        display_name="Noor Haddad",
        headline="Product designer; portfolio reviews on weekends",
        bio_markdown=_md(
            """
            Chemistry degree, design bootcamp, two years of freelancing, now a senior
            product designer at a health-tech company. I review junior designers'
            portfolios for free on Saturdays.
            """
        ),
    ),
    DemoUser(
        username="ben_kowalski",
        display_name="Ben Kowalski",
        headline="Mid-market account executive; 3x President's Club",
        bio_markdown=_md(
            """
            I sell workflow software to operations teams. Former bartender, which was
            excellent sales training. I believe in **fast follow-up** and slow
            decisions.
            """
        ),
    ),
    DemoUser(
        username="ravi_menon",
        display_name="Ravi Menon",
        headline="VP People Operations, remote-first since 2016",
        bio_markdown=_md(
            """
            I've spent a decade building people teams for distributed companies across
            nine time zones. Interested in trust, written culture and making policies
            that survive contact with real humans.
            """
        ),
    ),
    DemoUser(
        username="rex_hustle",
        display_name="Rex Hustle",
        headline="10x your salary with my masterclass",
        bio_markdown="I help *ambitious* people earn more. Ask me about my course.",
    ),
)


# ---------------------------------------------------------------------------------------
# Posts
# ---------------------------------------------------------------------------------------

_THANK_YOU_NOTE = _md(
    """
    Every hiring season the same question lands in my inbox, usually from someone who
    has just walked out of a final round with their heart still racing: *should I send a
    thank-you note?* The career-centre answer is "always, within 24 hours, handwritten if
    you can." My answer, after eight years of running hiring loops and sitting in several
    hundred debriefs, is: **mostly no — unless the job is a sales job.** Let me explain
    both halves.

    ## The decision is already made

    By the time your note arrives, the interviewers have usually filed their feedback.
    At my company, scorecards are due before the debrief, and the debrief happens the same
    day or the next morning. Nobody reopens a scorecard because a candidate wrote "I really
    enjoyed learning about your roadmap." The evidence we act on is what happened in the
    room: how you reasoned through the problem, what you asked, and how you handled the
    parts you didn't know.

    If a thank-you note could change the outcome, that would be a sign of a broken
    process, not a good one. It would mean we were hiring on something other than the
    work.

    ## Notes add noise, not signal

    Think about what a typical note contains:

    - a thank-you for the interviewer's time (pleasant, zero information);
    - a restatement of enthusiasm for the role (we assumed that — you applied);
    - occasionally, "one more thing I forgot to mention" (sometimes useful; more on that
      below).

    Hiring managers at busy companies receive dozens of these a week. They get skimmed,
    archived and forgotten. The only time they are remembered is when they go wrong: a typo
    in the company name, a template with the wrong interviewer's name left in, a tone that
    reads as pushy. The downside is real; the upside is mostly imaginary.

    ## It's a ritual that rewards insiders

    Here's the part that actually bothers me. The thank-you note is an unwritten rule, and
    unwritten rules are learned at home, at expensive universities, and from mentors who
    already work in white-collar jobs. First-generation professionals, career changers and
    candidates from other countries often don't know the ritual exists. When a hiring team
    lets the note count — even as a "tiebreaker" — it quietly rewards people for already
    knowing the club's customs.

    > If a behaviour matters for the job, test for it openly. If it doesn't, stop letting
    it count.

    That's the rule I hold my own team to.

    ## The exception: jobs where the follow-up *is* the job

    There is one family of roles where I change my answer completely: **sales-like roles.**
    Sales, business development, account management, partnerships, fundraising and — yes —
    recruiting. In these jobs the interview is a simulated deal, and the follow-up email is
    a free work sample. What does a great account executive do after a discovery call? They
    send a crisp recap: what they heard, what they proposed, the agreed next step and a
    date.

    So if you're interviewing for one of these roles, don't send a thank-you note. Send a
    *follow-up*:

    1. Summarise the problem the team described, in their own words.
    2. Connect it to one or two specific things you'd do in your first 90 days.
    3. Propose a next step and a timeline.

    A sales leader who hears nothing after a final round is entitled to wonder whether
    you'll follow up with their prospects. That isn't a ritual; that's the job.

    ## What I'd tell a candidate

    If you're interviewing for engineering, design, analytics, operations or most other
    roles, spend the hour you'd have spent polishing a note on preparing for your next
    interview — or on resting. If you genuinely forgot something important, such as a
    portfolio link, a correction or a constraint on your start date, send it to the
    recruiter. That's logistics, not etiquette.

    And if you're a hiring manager: tell candidates explicitly that notes aren't expected
    and won't be considered. It costs you one sentence in the invitation email, and it
    levels the field for everyone who didn't grow up knowing the rules.

    I expect plenty of you disagree. Tell me where I'm wrong in the comments.
    """
)

_RTO_TRUST = _md(
    """
    Every return-to-office memo I've read this year leans on the same word:
    *collaboration*. Some also cite productivity, usually without a number attached. I've
    run People Operations at a remote-first company since 2016, and I think both words are
    covering for a third one that nobody wants to write down: **trust**.

    Productivity is measurable — imperfectly, but honestly. If a team ships, hits its
    targets and keeps its customers, you have your answer. If it doesn't, you have a
    management problem that a badge reader won't fix. The research cuts both ways, and most
    leaders mandating a return aren't citing it anyway.

    What's actually going on, in most of the conversations I've had with executives, is
    discomfort with not *seeing* work happen. Presence is a proxy that feels reassuring.
    You can walk the floor and see people at their desks. It tells you almost nothing about
    output, but it feels like control.

    ## Fix the trust, not the seating plan

    If you don't trust your people to work unsupervised, the office won't help. Ask
    instead:

    - Do your managers know what good output looks like for each role?
    - Are goals written down and reviewed, or do they live in someone's head?
    - Would you notice a struggling team member within a week, wherever they sit?

    If the answer to any of these is no, fix that first. They are the same things that
    make an office team work well.

    ## Offices are still good for some things

    I'm not anti-office. Onboarding, kick-offs, hard conversations and the occasional team
    dinner are better in person. Plan for those deliberately, budget for the travel and
    make the days count. That is very different from mandating three days a week so that
    leadership can see full desks.

    A mandate is the cheapest possible answer to a trust problem. It's also the one most
    likely to cost you the people you trusted most.
    """
)

_COVER_LETTERS = _md(
    """
    I've read something like eleven thousand cover letters: agency, then in-house, across
    engineering, finance and operations hiring. Here is my honest confession. I can count
    on two hands the number that changed my decision.

    Most cover letters are one of three things: the CV restated in paragraph form, a
    generic paragraph about the company's "mission", or — increasingly — something a
    chatbot wrote in eleven seconds. None of these tells me whether the person can do the
    job.

    Meanwhile, the cost lands entirely on the candidate. A good cover letter takes an hour
    or more. Multiply that by the forty applications a typical job seeker sends and you've
    asked people to write a short novel that almost nobody reads. The people with the least
    time — working parents, people holding down a current job, people applying after a
    layoff — pay the highest price.

    ## Ask a better question instead

    If you genuinely want to know something, ask it. Replace the cover letter with one or
    two short, specific questions:

    1. "Tell us about a time you had to learn a tool quickly. What did you do?"
    2. "What's one thing in this job description you'd push back on?"

    Cap each answer at 150 words. You'll get better signal, candidates will know exactly
    what you want, and your screeners will actually read the answers.

    > "Optional" cover letters aren't optional. Everyone knows it.

    If the letter won't change your decision, stop asking for it. If it will, tell people
    what you're looking for.
    """
)

_UNLIMITED_PTO = _md(
    """
    I've worked under both models: a consulting firm with a fixed 25 days and a carry-over
    cap, and two tech companies with "unlimited" paid time off. I took fewer days off at
    both tech companies. I'm not alone; every survey I've seen points the same way.

    The reason isn't mysterious. With a fixed allowance the days are *yours*: an
    entitlement, printed on your payslip, often paid out when you leave. With an unlimited
    policy every day off is a request, and the norm is set by whoever takes the fewest.
    Nobody wants to be the person who took the most.

    ## Follow the accounting

    Here's the part companies don't advertise. In many places accrued vacation is a
    liability on the balance sheet and has to be paid out when someone leaves. Switching to
    unlimited PTO makes that liability vanish. That's value that used to belong to
    employees and now doesn't. Call it what you like; economically it looks a lot like a
    pay cut.

    ## If you're going to do it, do it honestly

    - Set a **minimum**, not just an implied maximum: twenty days, and managers are
      measured on whether their teams actually take them.
    - Publish the median number of days taken, by team, every year.
    - Have leaders take real, visible, offline holidays.

    Without those, "unlimited" means "zero, unless you're brave". I'd rather have 25 days I
    don't have to negotiate for.
    """
)

_PORTFOLIO = _md(
    """
    I don't have a design degree. I studied chemistry, dropped into a bootcamp and spent two
    years doing freelance work for anyone who would pay. Today I review portfolios for my
    design team, and on weekends for a mentoring community. In all of those reviews I have
    never once looked at where someone went to school before looking at their work.

    A degree tells me you could finish a multi-year programme. That's not nothing. But a
    portfolio tells me how you think, what you notice, and what you do when the brief is
    vague — which is every brief.

    ## What a strong portfolio shows

    - **The problem**, in a sentence a non-designer would understand.
    - **Your decisions**, including the ones you threw away and why.
    - **The outcome**, honestly stated — even "we shipped it and it didn't move the
      metric".

    Three case studies like that beat twelve glossy mock-ups.

    ## Where degrees still matter

    I'll grant the exceptions: visa rules, regulated professions, and large companies whose
    screening software filters on a degree field before a human ever sees your work. Those
    are real barriers, and it isn't fair to pretend otherwise to people deciding whether to
    take on debt.

    But if you're a hiring manager in a field where the work is visible, look at the work
    first. And if you're a candidate without the "right" degree: your portfolio is your
    argument. Make it a good one.
    """
)

_SALARY_RANGES = _md(
    """
    I teach human resource management, and for the last decade my research has focused on
    how hiring processes produce unequal outcomes. If I could change one thing about hiring
    tomorrow, it wouldn't be the interview. It would be putting an honest salary range on
    every job post.

    Pay secrecy doesn't just make negotiations awkward. It systematically advantages
    candidates who already have better information: people with networks in the industry,
    people who have worked at competitors, people who were taught that the first number is
    always a lowball. Those advantages track gender, class and ethnicity in ways that are
    well documented.

    ## The objections, briefly

    **"Our current employees will see the range and be upset."** Then some of them are
    underpaid, and you've just found out cheaply.

    **"Competitors will poach our people."** They already know your pay bands. Recruiters
    talk.

    **"The range depends on the candidate."** Then publish the range you would actually
    pay. A range of $60k to $240k isn't a range; it's a shrug.

    ## What good looks like

    An honest range is narrow enough to be useful — roughly 20–30% from bottom to top — and
    reflects where you would actually make offers. A growing number of jurisdictions now
    require this by law, and the employers who do it voluntarily tell me they see fewer
    late-stage drop-outs and shorter negotiations.

    Transparency is not a perk. It's basic respect for the candidate's time.
    """
)

_PAID_TAKE_HOMES = _md(
    """
    I run hiring for platform engineering teams, and I like take-home assignments. Done
    well, they are fairer than whiteboard interviews: candidates work in their own
    environment, at their own pace, with the tools they actually use. But I've come to
    believe that if you ask for more than an hour or two, you should pay for it.

    Here's why. Our take-home was "designed to take three to four hours". When we surveyed
    candidates, the median was closer to eight. Of course it was: they're competing, and
    nobody submits the three-hour version when they suspect others submitted the
    eight-hour one. We were asking for a full working day from people who, in most cases,
    did not get an offer.

    ## Paying changed *our* behaviour

    When we started paying a flat fee for the assignment, something unexpected happened:
    we got much more disciplined about scope. Once the work shows up in a budget, you stop
    adding "and also, if you have time…" to the brief. We cut the assignment down to what we
    actually evaluate.

    We also started hearing from more of the people who need the money most: folks already
    working full time, caregivers, people between jobs.

    ## Practical notes

    - Pay a flat fee, not an hourly rate; you don't want to police timesheets.
    - Pay everyone who submits, whatever the outcome.
    - Keep the assignment small enough that the fee is affordable at your volume.

    If your company can't afford to pay for the work, it probably can't afford to ask for
    that much of it either.
    """
)

_CAREER_CHANGE = _md(
    """
    Almost every career changer I coach opens their story the same way: "I know my
    background is a bit unusual, but…" Then they spend two minutes apologising for the ten
    years that make them interesting.

    Stop. The detour isn't a gap to explain away; it's your differentiator. The former
    teacher moving into product management has run thirty stakeholder meetings a week with
    people who didn't want to be there. The nurse moving into UX research has done more
    interviews under pressure than most researchers will in their whole careers.

    ## Reframe the story

    Try this structure instead:

    1. **Where you were**, in one sentence, with a number if you can.
    2. **The pattern** you noticed that pulled you towards the new field.
    3. **What you've done about it** — courses, projects, volunteering — concretely.
    4. **Why your background makes you better at the new job**, not merely adequate.

    > Nobody good hires a career changer *despite* their past. They hire them because of it.

    You'll still meet hiring managers who screen for a straight line. That's their loss,
    and you don't need all of them. You need one.
    """
)

# Who follows whom and which tags, so a demo account's Following feed is not empty.
DEMO_FOLLOWS: tuple[tuple[str, str], ...] = (
    ("jordan_ames", "priya_raman"),
    ("jordan_ames", "helen_cho"),
    ("dana_whitfield", "noor_haddad"),
    ("tomas_reyes", "priya_raman"),
    ("sofia_lindqvist", "ellen_marsh"),
    ("ben_kowalski", "marcus-oyelaran"),
)
DEMO_TAG_FOLLOWS: tuple[tuple[str, str], ...] = (
    ("jordan_ames", "interviews"),
    ("jordan_ames", "careers"),
    ("dana_whitfield", "careers"),
    ("noor_haddad", "design"),
    ("ravi_menon", "engineering-management"),
    ("ellen_marsh", "compensation"),
    ("kwame_asante", "remote-work"),
)

# The curated tags an admin would start a careers board with.
TAGS: tuple[DemoTag, ...] = (
    DemoTag("hiring", "Hiring", "How companies find, judge and choose people."),
    DemoTag("interviews", "Interviews", "Both sides of the table: questions, tasks, follow-ups."),
    DemoTag("remote-work", "Remote work", "Offices, hybrid, fully distributed, and trust."),
    DemoTag("compensation", "Compensation", "Pay, ranges, equity, leave and other benefits."),
    DemoTag("careers", "Careers", "Changing paths, growing in one, and what counts as experience."),
    DemoTag("design", "Design", "Portfolios, craft and the work of designers."),
    DemoTag(
        "engineering-management",
        "Engineering management",
        "Leading engineers: teams, trust, process and growth.",
    ),
)

POSTS: tuple[DemoPost, ...] = (
    DemoPost(
        key=FLAGSHIP_KEY,
        author="priya_raman",
        title="Post Job Interview Thank You Note: Yes or No?",
        body_markdown=_THANK_YOU_NOTE,
        cover_theme="dawn",
        age_hours=20.0,
        tags=("hiring", "interviews", "careers"),
    ),
    DemoPost(
        key="rto-trust",
        author="ravi_menon",
        title="Return to office is a trust problem, not a productivity problem",
        body_markdown=_RTO_TRUST,
        cover_theme="slate",
        age_hours=44.0,
        tags=("remote-work", "engineering-management"),
    ),
    DemoPost(
        key="cover-letters",
        author="sofia_lindqvist",
        title="Stop asking for cover letters",
        body_markdown=_COVER_LETTERS,
        cover_theme="lavender",
        age_hours=6.0,
        tags=("hiring",),
    ),
    DemoPost(
        key="unlimited-pto",
        author="marcus-oyelaran",
        title="Unlimited PTO is a pay cut",
        body_markdown=_UNLIMITED_PTO,
        cover_theme="ember",
        age_hours=70.0,
        tags=("compensation",),
    ),
    DemoPost(
        key="portfolio-over-degree",
        author="noor_haddad",
        title="Your portfolio matters more than your degree",
        body_markdown=_PORTFOLIO,
        cover_theme="mint",
        age_hours=30.0,
        tags=("design", "careers"),
    ),
    DemoPost(
        key="salary-ranges",
        author="ellen_marsh",
        title="Salary ranges belong in every job post",
        body_markdown=_SALARY_RANGES,
        cover_theme="ocean",
        age_hours=55.0,
        tags=("compensation", "hiring"),
    ),
    DemoPost(
        key="paid-take-homes",
        author="helen_cho",
        title="Take-home assignments should be paid",
        body_markdown=_PAID_TAKE_HOMES,
        cover_theme="forest",
        age_hours=12.0,
        tags=("interviews", "hiring"),
    ),
    DemoPost(
        key="career-change-detour",
        author="dana_whitfield",
        title="Career changers: stop apologising for the detour",
        body_markdown=_CAREER_CHANGE,
        cover_theme="sand",
        age_hours=90.0,
        tags=("careers",),
    ),
)


# ---------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------

_FLAGSHIP_COMMENTS: tuple[DemoComment, ...] = (
    # Thread 1: a sales director agrees, a new grad asks, and a tiebreaker argument.
    DemoComment(
        key="ty-sales-agree",
        post=FLAGSHIP_KEY,
        author="tomas_reyes",
        age_hours=19.0,
        body_markdown=_md(
            """
            Sales director here, and the exception is exactly right. When I hire account
            executives, what happens after the final round *is* part of the interview. I'm
            not looking for gratitude; I'm looking for a recap, a next step and a date.
            Candidates who send that are showing me how they'll treat my customers.
            """
        ),
    ),
    DemoComment(
        key="ty-newgrad-question",
        post=FLAGSHIP_KEY,
        author="jordan_ames",
        parent="ty-sales-agree",
        age_hours=18.0,
        body_markdown=_md(
            """
            Honest question from a new grad: our career centre told us to *always* send
            one within 24 hours, and I've been doing it for every backend interview. Am I
            wasting my time, or is it just not helping?
            """
        ),
    ),
    DemoComment(
        key="ty-priya-answers-newgrad",
        post=FLAGSHIP_KEY,
        author="priya_raman",
        parent="ty-newgrad-question",
        age_hours=17.5,
        body_markdown=_md(
            """
            At my company it isn't helping *or* hurting — our scorecards are locked before
            anyone reads email. I can't promise every company works that way, which is
            exactly why I'd like hiring managers to say so out loud in the invitation.
            """
        ),
    ),
    DemoComment(
        key="ty-helen-tiebreaker",
        post=FLAGSHIP_KEY,
        author="helen_cho",
        parent="ty-priya-answers-newgrad",
        age_hours=16.0,
        body_markdown=_md(
            """
            I'll be the honest counterpoint. I don't *score* notes, but when two
            candidates are genuinely level after the debrief, I do remember who followed
            up thoughtfully. It's a tiebreaker, not a criterion.
            """
        ),
    ),
    DemoComment(
        key="ty-ellen-tiebreakers-bias",
        post=FLAGSHIP_KEY,
        author="ellen_marsh",
        parent="ty-helen-tiebreaker",
        age_hours=15.0,
        body_markdown=_md(
            """
            > It's a tiebreaker, not a criterion.

            With respect, that's where the research says bias lives. Structured processes
            tend to be fair *until* the tie, and then everyone falls back on "feel" —
            which, in practice, is familiarity. If notes break ties, then notes are a
            criterion, just an undocumented one.
            """
        ),
    ),
    DemoComment(
        key="ty-helen-concedes",
        post=FLAGSHIP_KEY,
        author="helen_cho",
        parent="ty-ellen-tiebreakers-bias",
        age_hours=14.0,
        body_markdown=_md(
            """
            That's fair, and a bit uncomfortable to read. So what *should* break a genuine
            tie? "Flip a coin" doesn't survive contact with my director.
            """
        ),
    ),
    DemoComment(
        key="ty-priya-extra-interview",
        post=FLAGSHIP_KEY,
        author="priya_raman",
        parent="ty-helen-concedes",
        age_hours=13.0,
        body_markdown=_md(
            """
            What we do: a real tie means we didn't collect enough evidence, so we schedule
            one more short, structured conversation focused on the skill we're least sure
            about — same questions for both candidates. It costs a week. It has also
            un-tied every "tie" we've had so far.
            """
        ),
    ),
    DemoComment(
        key="ty-ben-recap",
        post=FLAGSHIP_KEY,
        author="ben_kowalski",
        parent="ty-sales-agree",
        age_hours=17.0,
        body_markdown=_md(
            """
            Can confirm from the candidate side. The email that got me my current AE job
            wasn't a thank-you at all. It was a one-page recap of their pipeline problem,
            two ideas, and "can we do 20 minutes Thursday to pressure-test these?"
            """
        ),
    ),
    DemoComment(
        key="ty-tomas-map",
        post=FLAGSHIP_KEY,
        author="tomas_reyes",
        parent="ty-ben-recap",
        age_hours=16.5,
        body_markdown=_md(
            """
            Exactly. "Thank you for your time" is noise. A mutual action plan is a work
            sample. If more candidates understood that difference, I'd interview half as
            many people.
            """
        ),
    ),
    # Thread 2: a recruiter partly disagrees.
    DemoComment(
        key="ty-sofia-partial",
        post=FLAGSHIP_KEY,
        author="sofia_lindqvist",
        age_hours=18.5,
        body_markdown=_md(
            """
            Recruiter here, partial disagreement. Notes occasionally carry information that
            matters: a competing offer, a correction ("I misspoke about the migration, it
            was 40 services, not 400"), a start-date constraint. I'd hate for candidates to
            read this and go silent.
            """
        ),
    ),
    DemoComment(
        key="ty-priya-to-recruiter",
        post=FLAGSHIP_KEY,
        author="priya_raman",
        parent="ty-sofia-partial",
        age_hours=17.0,
        body_markdown=_md(
            """
            Completely agree that information should flow — that's the "logistics, not
            etiquette" paragraph. My point is that it should go to *you*, the recruiter,
            as a plain update, not be wrapped in a gratitude ritual sent to four
            interviewers.
            """
        ),
    ),
    DemoComment(
        key="ty-sofia-tell-them",
        post=FLAGSHIP_KEY,
        author="sofia_lindqvist",
        parent="ty-priya-to-recruiter",
        age_hours=16.0,
        body_markdown=_md(
            """
            Then we agree more than I thought. The fix on our side is to tell candidates
            explicitly: *"Anything you want to add, send it to me and I'll pass it on."*
            Most of them simply don't know that's allowed.
            """
        ),
    ),
    DemoComment(
        key="ty-kwame-recruiting-is-sales",
        post=FLAGSHIP_KEY,
        author="kwame_asante",
        parent="ty-sofia-partial",
        age_hours=15.0,
        body_markdown=_md(
            """
            Funny that recruiting is on Priya's "sales-like" list — Sofia, your comment
            *is* the follow-up email she describes. Concrete, useful, with an action.
            """
        ),
    ),
    # Thread 3: a founder disagrees and gets pushed on unwritten rules.
    DemoComment(
        key="ty-kwame-disagree",
        post=FLAGSHIP_KEY,
        author="kwame_asante",
        age_hours=17.0,
        body_markdown=_md(
            """
            Hard disagree, at least for startups. At eleven people, *every* role is a bit
            of a sales role: engineers talk to customers, ops talks to carriers. I want
            people who close loops without being asked, and the note is the first loop.
            """
        ),
    ),
    DemoComment(
        key="ty-marcus-say-so",
        post=FLAGSHIP_KEY,
        author="marcus-oyelaran",
        parent="ty-kwame-disagree",
        age_hours=16.0,
        body_markdown=_md(
            """
            Then say so in the job post. "We value follow-up; tell us what you'd do next"
            is a perfectly good assessment. A *hidden* test is the problem, not the
            behaviour.
            """
        ),
    ),
    DemoComment(
        key="ty-kwame-best-people",
        post=FLAGSHIP_KEY,
        author="kwame_asante",
        parent="ty-marcus-say-so",
        age_hours=15.5,
        body_markdown=_md(
            """
            Fair, but in my experience the best people don't need to be told. That's
            kind of the point.
            """
        ),
    ),
    DemoComment(
        key="ty-dana-unwritten",
        post=FLAGSHIP_KEY,
        author="dana_whitfield",
        parent="ty-kwame-best-people",
        age_hours=14.5,
        body_markdown=_md(
            """
            "The best people don't need to be told" is how unwritten rules are born. My
            clients are former nurses and teachers — people who closed loops all day, in
            far higher-stakes settings than a sales pipeline. What they don't have is an
            uncle in consulting who explained the etiquette. You'd be filtering for
            *background*, not initiative.
            """
        ),
    ),
    DemoComment(
        key="ty-kwame-updates-process",
        post=FLAGSHIP_KEY,
        author="kwame_asante",
        parent="ty-dana-unwritten",
        age_hours=13.5,
        body_markdown=_md(
            """
            OK, that one lands. A nurse who can run a ward handover can run a customer
            handover. I'll add a line to our interview guide saying what we expect after
            the final round, and stop pretending it's telepathy.
            """
        ),
    ),
    DemoComment(
        key="ty-noor-design",
        post=FLAGSHIP_KEY,
        author="noor_haddad",
        parent="ty-kwame-disagree",
        age_hours=12.0,
        body_markdown=_md(
            """
            Design angle: the only follow-up I've ever found useful is a link to the case
            study we didn't have time for. That's evidence, not etiquette, and Priya's
            post already allows for it.
            """
        ),
    ),
    # Thread 4: the noise argument, and a courtesy objection from People Ops.
    DemoComment(
        key="ty-marcus-noise",
        post=FLAGSHIP_KEY,
        author="marcus-oyelaran",
        age_hours=14.0,
        body_markdown=_md(
            """
            The noise argument is the strongest one here. From my consulting days, the
            notes we got fell into three buckets:

            1. Templates (90%, instantly forgotten).
            2. Templates with someone else's name in them (memorable for the wrong
               reasons).
            3. Genuinely useful follow-ups (rare, and always from people we were going to
               hire anyway).
            """
        ),
    ),
    DemoComment(
        key="ty-ravi-courtesy",
        post=FLAGSHIP_KEY,
        author="ravi_menon",
        parent="ty-marcus-noise",
        age_hours=10.0,
        body_markdown=_md(
            """
            Gentle pushback from People Ops: courtesy isn't noise. Four people gave up an
            hour each. A two-line thank-you is basic professional manners, and I don't
            think we should teach new grads to skip it.
            """
        ),
    ),
    DemoComment(
        key="ty-marcus-thanks-in-room",
        post=FLAGSHIP_KEY,
        author="marcus-oyelaran",
        parent="ty-ravi-courtesy",
        age_hours=9.0,
        body_markdown=_md(
            """
            Courtesy is great! Say thank you at the end of the interview, to their faces.
            That's manners. An email the next morning is a *performance* of manners, and
            the interviewers were paid for that hour anyway.
            """
        ),
    ),
    DemoComment(
        key="ty-priya-flip-courtesy",
        post=FLAGSHIP_KEY,
        author="priya_raman",
        parent="ty-ravi-courtesy",
        age_hours=8.0,
        body_markdown=_md(
            """
            Ravi, I'd flip it around. The candidate took unpaid time off, prepared for
            days and sat through four hours of interviews. If anyone owes a thank-you
            note, it's *us* — ideally one with a decision in it.
            """
        ),
    ),
    # Thread 5: a hot take that the room does not like.
    DemoComment(
        key="ty-ben-lazy",
        post=FLAGSHIP_KEY,
        author="ben_kowalski",
        age_hours=11.0,
        body_markdown=_md(
            """
            Hot take: if you can't be bothered to send a two-line email after someone gave
            you an hour, you probably won't be bothered to do the job properly either.
            Doesn't matter what the role is.
            """
        ),
    ),
    DemoComment(
        key="ty-ellen-inference",
        post=FLAGSHIP_KEY,
        author="ellen_marsh",
        parent="ty-ben-lazy",
        age_hours=10.5,
        body_markdown=_md(
            """
            That's exactly the kind of inference that doesn't hold up. "Didn't send a note"
            predicts "didn't know about notes" far better than it predicts job
            performance. We have decades of evidence that these folk signals mostly
            measure familiarity with the culture.
            """
        ),
    ),
    DemoComment(
        key="ty-jordan-to-ben",
        post=FLAGSHIP_KEY,
        author="jordan_ames",
        parent="ty-ben-lazy",
        age_hours=9.5,
        body_markdown=_md(
            """
            For what it's worth, I'm the first person in my family with an office job.
            Until senior year I genuinely didn't know this was a thing. I was *bothered* —
            I just wasn't told.
            """
        ),
    ),
    DemoComment(
        key="ty-ben-fair",
        post=FLAGSHIP_KEY,
        author="ben_kowalski",
        parent="ty-jordan-to-ben",
        age_hours=8.5,
        body_markdown=_md(
            """
            Fair point, and I was being glib. I'll narrow it to what I actually know: for
            sales roles, I'd still expect it. For everything else, I'll take the L.
            """
        ),
    ),
)

_OTHER_COMMENTS: tuple[DemoComment, ...] = (
    # Return to office
    DemoComment(
        key="rto-helen-apprenticeship",
        post="rto-trust",
        author="helen_cho",
        age_hours=40.0,
        body_markdown=_md(
            """
            Mostly agree, but onboarding junior engineers remotely has been genuinely hard
            for my teams. That isn't about trust; it's about apprenticeship — learning by
            overhearing how seniors debug.
            """
        ),
    ),
    DemoComment(
        key="rto-ravi-deliberate",
        post="rto-trust",
        author="ravi_menon",
        parent="rto-helen-apprenticeship",
        age_hours=38.0,
        body_markdown=_md(
            """
            Completely fair — that's the "plan for it deliberately" bucket. Some of our
            teams do a week together every month for the first quarter of a new hire's
            tenure. It works far better than a blanket three-day rule.
            """
        ),
    ),
    DemoComment(
        key="rto-jordan-structured",
        post="rto-trust",
        author="jordan_ames",
        parent="rto-ravi-deliberate",
        age_hours=30.0,
        body_markdown=_md(
            """
            New grad perspective: I'd take two structured in-person days with my mentor
            over five days of sitting next to people wearing headphones.
            """
        ),
    ),
    DemoComment(
        key="rto-kwame-serendipity",
        post="rto-trust",
        author="kwame_asante",
        age_hours=35.0,
        body_markdown=_md(
            """
            As the person paying for the lease: it's partly trust, sure. But serendipity is
            real. Our best product idea came from a driver-support call overheard by an
            engineer.
            """
        ),
    ),
    DemoComment(
        key="rto-marcus-uneven",
        post="rto-trust",
        author="marcus-oyelaran",
        parent="rto-kwame-serendipity",
        age_hours=33.0,
        body_markdown=_md(
            """
            Serendipity is real; it just isn't evenly distributed. It mostly happens to
            people who sit near the decision-makers. Written channels are less romantic
            but far more democratic.
            """
        ),
    ),
    # Cover letters
    DemoComment(
        key="cl-dana-pivot",
        post="cover-letters",
        author="dana_whitfield",
        age_hours=5.5,
        body_markdown=_md(
            """
            Disagree for career changers. The cover letter is often the *only* place to
            explain the pivot before a screener bins the CV for "no relevant experience".
            """
        ),
    ),
    DemoComment(
        key="cl-sofia-questions",
        post="cover-letters",
        author="sofia_lindqvist",
        parent="cl-dana-pivot",
        age_hours=5.0,
        body_markdown=_md(
            """
            That's a great case for the specific questions, though. "What experience
            outside this field prepares you for this role?" gives your clients the same
            space, and it takes 150 words instead of a page.
            """
        ),
    ),
    DemoComment(
        key="cl-priya-data",
        post="cover-letters",
        author="priya_raman",
        age_hours=4.0,
        body_markdown=_md(
            """
            We dropped them last year. Application completion went up by about a third;
            the quality of hires, as far as we can measure it, didn't change at all.
            """
        ),
    ),
    DemoComment(
        key="cl-tomas-pitch",
        post="cover-letters",
        author="tomas_reyes",
        age_hours=3.0,
        body_markdown=_md(
            """
            For sales roles I still want a short written pitch. Same exception as Priya's
            thank-you-note post, I suppose: when writing persuasively *is* the job, ask
            for it.
            """
        ),
    ),
    # Unlimited PTO
    DemoComment(
        key="pto-ravi-minimum",
        post="unlimited-pto",
        author="ravi_menon",
        age_hours=65.0,
        body_markdown=_md(
            """
            We did exactly this: a 20-day minimum, with a nudge to managers whose teams
            are under it by September. Median days taken went from 13 to 22 in a year.
            """
        ),
    ),
    DemoComment(
        key="pto-marcus-thanks",
        post="unlimited-pto",
        author="marcus-oyelaran",
        parent="pto-ravi-minimum",
        age_hours=60.0,
        body_markdown=_md(
            """
            This is the first time I've seen someone publish the before-and-after. Did the
            nudge come with any consequences for managers, or was visibility enough?
            """
        ),
    ),
    DemoComment(
        key="pto-ben-flexible",
        post="unlimited-pto",
        author="ben_kowalski",
        age_hours=50.0,
        body_markdown=_md(
            """
            Counterpoint: at my company "unlimited" means I can take the Friday off after
            closing a big quarter without filling in a form. I like that.
            """
        ),
    ),
    DemoComment(
        key="pto-ellen-evidence",
        post="unlimited-pto",
        author="ellen_marsh",
        parent="pto-ben-flexible",
        age_hours=48.0,
        body_markdown=_md(
            """
            Flexibility and unlimited leave aren't the same thing, though. You can have an
            easy approval process *and* a guaranteed floor. The evidence mostly supports
            Marcus on the floor.
            """
        ),
    ),
    # Portfolio over degree
    DemoComment(
        key="pf-jordan-both",
        post="portfolio-over-degree",
        author="jordan_ames",
        age_hours=28.0,
        body_markdown=_md(
            """
            As a new grad *with* a degree: the degree got me past the automated filter,
            the projects got me the interviews. I'm not sure I'd have had either alone.
            """
        ),
    ),
    DemoComment(
        key="pf-noor-filters",
        post="portfolio-over-degree",
        author="noor_haddad",
        parent="pf-jordan-both",
        age_hours=27.0,
        body_markdown=_md(
            """
            That matches what I see. The filter is the problem, not the person. Hiring
            managers can ask their recruiters to turn degree filters off; most never do.
            """
        ),
    ),
    DemoComment(
        key="pf-ellen-free-time",
        post="portfolio-over-degree",
        author="ellen_marsh",
        age_hours=25.0,
        body_markdown=_md(
            """
            A caution: "portfolio over degree" can reproduce inequality too. Side projects
            need free time, and free time is unevenly distributed. Whatever we evaluate,
            we should ask who had the chance to produce it.
            """
        ),
    ),
    DemoComment(
        key="pf-noor-paid-work",
        post="portfolio-over-degree",
        author="noor_haddad",
        parent="pf-ellen-free-time",
        age_hours=22.0,
        body_markdown=_md(
            """
            Agreed, which is why I tell people that paid client work and redesigns of
            their *current* workplace's tools count. You don't need a spare weekend per
            case study.
            """
        ),
    ),
    DemoComment(
        key="pf-dana-current-job",
        post="portfolio-over-degree",
        author="dana_whitfield",
        parent="pf-noor-paid-work",
        age_hours=20.0,
        body_markdown=_md(
            """
            Yes! My best career-change portfolios are almost always built from problems
            people already solved at their old job, just written up properly.
            """
        ),
    ),
    # Salary ranges
    DemoComment(
        key="sal-kwame-startup",
        post="salary-ranges",
        author="kwame_asante",
        age_hours=52.0,
        body_markdown=_md(
            """
            Early-stage reality check: our bands move every funding round, and equity is
            most of the package. A range on the post can be out of date within months.
            """
        ),
    ),
    DemoComment(
        key="sal-ellen-update",
        post="salary-ranges",
        author="ellen_marsh",
        parent="sal-kwame-startup",
        age_hours=50.0,
        body_markdown=_md(
            """
            Then update the post when the band moves, and state the equity range as well.
            "It changes" is a reason to maintain the number, not to hide it.
            """
        ),
    ),
    DemoComment(
        key="sal-sofia-worst-call",
        post="salary-ranges",
        author="sofia_lindqvist",
        age_hours=45.0,
        body_markdown=_md(
            """
            From the recruiter side: ranges save me from the worst call of my week — the
            one where a great finalist learns we're 30% below what they earn now.
            """
        ),
    ),
    DemoComment(
        key="sal-ben-ote",
        post="salary-ranges",
        author="ben_kowalski",
        age_hours=40.0,
        body_markdown=_md(
            """
            And for sales roles, please include the **base/variable split** and the
            realistic on-target earnings, not the number only the top rep hit once.
            """
        ),
    ),
    # Paid take-homes
    DemoComment(
        key="th-marcus-timebox",
        post="paid-take-homes",
        author="marcus-oyelaran",
        age_hours=11.0,
        body_markdown=_md(
            """
            Yes, and time-box it honestly: ask candidates how long it *actually* took and
            publish the median in the brief. It keeps everyone honest, including us.
            """
        ),
    ),
    DemoComment(
        key="th-kwame-trial-day",
        post="paid-take-homes",
        author="kwame_asante",
        age_hours=10.0,
        body_markdown=_md(
            """
            We can't afford it at seed stage for every applicant. What we do instead is a
            paid trial day for the last two or three finalists.
            """
        ),
    ),
    DemoComment(
        key="th-helen-still-paying",
        post="paid-take-homes",
        author="helen_cho",
        parent="th-kwame-trial-day",
        age_hours=9.0,
        body_markdown=_md(
            """
            That's still paying, and honestly a good model — as long as nobody is asked to
            do unpaid work *before* the trial day to earn a spot in it.
            """
        ),
    ),
    DemoComment(
        key="th-jordan-four",
        post="paid-take-homes",
        author="jordan_ames",
        age_hours=8.0,
        body_markdown=_md(
            """
            I did four unpaid take-homes in one month of job hunting. Roughly 30 hours.
            Two companies never replied at all.
            """
        ),
    ),
    # Career change
    DemoComment(
        key="cc-noor-chemistry",
        post="career-change-detour",
        author="noor_haddad",
        age_hours=85.0,
        body_markdown=_md(
            """
            Chemistry to design here. This is exactly what I needed to hear five years ago.
            Lab notebooks turned out to be excellent training for design documentation.
            """
        ),
    ),
    DemoComment(
        key="cc-helen-apology",
        post="career-change-detour",
        author="helen_cho",
        age_hours=80.0,
        body_markdown=_md(
            """
            As a hiring manager: the apology makes me more nervous than the background
            does. Confidence about the pivot reads as a candidate who has thought it
            through.
            """
        ),
    ),
    DemoComment(
        key="cc-dana-thanks",
        post="career-change-detour",
        author="dana_whitfield",
        parent="cc-helen-apology",
        age_hours=78.0,
        body_markdown=_md(
            """
            Thank you — I'm going to quote this to every client who tells me they need to
            "address the gap" in the first minute.
            """
        ),
    ),
)

# Comments the demo's moderators deal with: one removed as spam, one heated and reported.
_MODERATED_COMMENTS: tuple[DemoComment, ...] = (
    DemoComment(
        key="sal-rex-spam",
        post="salary-ranges",
        author="rex_hustle",
        age_hours=20.0,
        body_markdown=_md(
            """
            Want a 40% raise without a salary range? My **Salary Masterclass** shows you how.
            DM me "RAISE" for the early-bird price, only 12 seats left!!
            """
        ),
    ),
    DemoComment(
        key="rto-rex-heated",
        post="rto-trust",
        author="rex_hustle",
        parent="rto-marcus-uneven",
        age_hours=30.0,
        body_markdown=_md(
            """
            Typical remote-work whining. If you can't handle an office you can't handle a
            career. People like you are why companies stop hiring juniors.
            """
        ),
    ),
)

COMMENTS: tuple[DemoComment, ...] = _FLAGSHIP_COMMENTS + _OTHER_COMMENTS + _MODERATED_COMMENTS


# ---------------------------------------------------------------------------------------
# Votes
# ---------------------------------------------------------------------------------------

# target key -> (space-separated upvoters, space-separated downvoters)
_VOTE_SHEET: dict[str, tuple[str, str]] = {
    # The flagship post and its debate.
    FLAGSHIP_KEY: (
        "tomas_reyes sofia_lindqvist marcus-oyelaran dana_whitfield ellen_marsh jordan_ames"
        " noor_haddad helen_cho",
        "kwame_asante ravi_menon",
    ),
    "ty-sales-agree": ("priya_raman ben_kowalski sofia_lindqvist kwame_asante ellen_marsh", ""),
    "ty-newgrad-question": ("priya_raman dana_whitfield ellen_marsh noor_haddad", ""),
    "ty-priya-answers-newgrad": ("jordan_ames dana_whitfield marcus-oyelaran", ""),
    "ty-helen-tiebreaker": ("kwame_asante ravi_menon", "ellen_marsh dana_whitfield"),
    "ty-ellen-tiebreakers-bias": (
        "priya_raman dana_whitfield jordan_ames marcus-oyelaran noor_haddad sofia_lindqvist",
        "kwame_asante",
    ),
    "ty-helen-concedes": ("ellen_marsh priya_raman ravi_menon", ""),
    "ty-priya-extra-interview": ("helen_cho ellen_marsh marcus-oyelaran sofia_lindqvist", ""),
    "ty-ben-recap": ("tomas_reyes priya_raman sofia_lindqvist", ""),
    "ty-tomas-map": ("ben_kowalski priya_raman", ""),
    "ty-sofia-partial": ("ravi_menon jordan_ames kwame_asante", "marcus-oyelaran"),
    "ty-priya-to-recruiter": ("sofia_lindqvist marcus-oyelaran ellen_marsh", ""),
    "ty-sofia-tell-them": ("priya_raman jordan_ames dana_whitfield", ""),
    "ty-kwame-recruiting-is-sales": ("tomas_reyes sofia_lindqvist", ""),
    # Disagreed with by most, yet upvoted as a good contribution: the dissent worth reading.
    "ty-kwame-disagree": (
        "ben_kowalski ravi_menon tomas_reyes noor_haddad priya_raman",
        "ellen_marsh",
    ),
    "ty-marcus-say-so": ("priya_raman ellen_marsh jordan_ames dana_whitfield", "kwame_asante"),
    "ty-kwame-best-people": ("ben_kowalski", "dana_whitfield ellen_marsh marcus-oyelaran"),
    "ty-dana-unwritten": (
        "priya_raman ellen_marsh jordan_ames marcus-oyelaran noor_haddad helen_cho kwame_asante",
        "",
    ),
    "ty-kwame-updates-process": ("dana_whitfield priya_raman marcus-oyelaran", ""),
    "ty-noor-design": ("priya_raman", "kwame_asante"),
    "ty-marcus-noise": ("priya_raman ellen_marsh", "ravi_menon"),
    "ty-ravi-courtesy": ("kwame_asante ben_kowalski helen_cho", "marcus-oyelaran"),
    "ty-marcus-thanks-in-room": ("priya_raman jordan_ames", "ravi_menon ben_kowalski"),
    "ty-priya-flip-courtesy": (
        "jordan_ames dana_whitfield ellen_marsh marcus-oyelaran sofia_lindqvist",
        "",
    ),
    "ty-ben-lazy": (
        "kwame_asante",
        "ellen_marsh dana_whitfield marcus-oyelaran jordan_ames priya_raman noor_haddad",
    ),
    "ty-ellen-inference": ("jordan_ames dana_whitfield priya_raman", "ben_kowalski"),
    "ty-jordan-to-ben": ("dana_whitfield ellen_marsh priya_raman noor_haddad helen_cho", ""),
    "ty-ben-fair": ("jordan_ames tomas_reyes", ""),
    # Other posts.
    "rto-trust": ("marcus-oyelaran helen_cho jordan_ames priya_raman", "kwame_asante"),
    "rto-helen-apprenticeship": ("jordan_ames kwame_asante", ""),
    "rto-kwame-serendipity": ("tomas_reyes", "marcus-oyelaran ravi_menon"),
    "cover-letters": ("priya_raman marcus-oyelaran jordan_ames", "dana_whitfield"),
    "cl-dana-pivot": ("noor_haddad", ""),
    "cl-priya-data": ("sofia_lindqvist marcus-oyelaran", ""),
    "unlimited-pto": ("ravi_menon ellen_marsh helen_cho jordan_ames", "ben_kowalski"),
    "pto-ravi-minimum": ("marcus-oyelaran ellen_marsh", ""),
    "pto-ben-flexible": ("tomas_reyes", "marcus-oyelaran"),
    "portfolio-over-degree": ("dana_whitfield jordan_ames ellen_marsh", ""),
    "pf-ellen-free-time": ("noor_haddad dana_whitfield", ""),
    "salary-ranges": (
        "sofia_lindqvist ben_kowalski priya_raman jordan_ames noor_haddad",
        "kwame_asante",
    ),
    "sal-kwame-startup": ("", "ellen_marsh sofia_lindqvist"),
    "sal-ben-ote": ("tomas_reyes sofia_lindqvist", ""),
    "paid-take-homes": ("jordan_ames marcus-oyelaran", ""),
    "th-jordan-four": ("helen_cho", ""),
    "career-change-detour": ("noor_haddad helen_cho priya_raman", ""),
}

VOTES: tuple[DemoVote, ...] = tuple(
    DemoVote(voter=voter, target_key=target, value=value)
    for target, (ups, downs) in _VOTE_SHEET.items()
    for names, value in ((ups, 1), (downs, -1))
    for voter in names.split()
)


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


def comment_depths() -> dict[str, int]:
    """Each comment's nesting depth: 0 for a top-level comment, 1 for a reply to one, ..."""
    parents = {comment.key: comment.parent for comment in COMMENTS}
    depths: dict[str, int] = {}
    for key in parents:
        depth, parent = 0, parents[key]
        while parent is not None:
            depth += 1
            parent = parents[parent]
        depths[key] = depth
    return depths


# ---------------------------------------------------------------------------------------
# Moderation: so the queue and the public log show real work on the first run
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoReport:
    reporter: str
    target_key: str
    reason: str  # a board.domain.moderation.ReportReason value
    text: str = ""


@dataclass(frozen=True)
class DemoRemoval:
    moderator: str
    comment_key: str
    reason: str  # a board.domain.moderation.RemovalReason value
    note: str


@dataclass(frozen=True)
class DemoLock:
    moderator: str
    post_key: str
    reason: str


DEMO_ROLES: dict[str, str] = {"ravi_menon": "admin", "ellen_marsh": "moderator"}

DEMO_REPORTS: tuple[DemoReport, ...] = (
    DemoReport(
        "ellen_marsh", "sal-rex-spam", "spam", "Course advert, nothing to do with the post."
    ),
    DemoReport("kwame_asante", "sal-rex-spam", "spam"),
    DemoReport(
        "marcus-oyelaran", "rto-rex-heated", "harassment", "Personal attack, not an argument."
    ),
    DemoReport("jordan_ames", "rto-rex-heated", "harassment"),
    DemoReport("noor_haddad", "rto-rex-heated", "off_topic"),
    DemoReport(
        "ben_kowalski", "unlimited-pto", "misinformation", "The tax claims look wrong to me."
    ),
)

# The spam report is resolved by this removal; the heated comment waits in the queue.
DEMO_REMOVALS: tuple[DemoRemoval, ...] = (
    DemoRemoval("ellen_marsh", "sal-rex-spam", "spam", "Advertising a paid course."),
)

DEMO_LOCKS: tuple[DemoLock, ...] = (
    DemoLock(
        "ellen_marsh",
        "unlimited-pto",
        "The debate has run its course and started repeating itself; it stays readable.",
    ),
)


# ---------------------------------------------------------------------------------------
# The debate's shape: sides taken, agreement apart from quality, a changed mind
# ---------------------------------------------------------------------------------------

# Sides of the flagship's top-level comments (agree / disagree with the post, or neutral).
DEMO_STANCES: dict[str, str] = {
    "ty-sales-agree": "agree",
    "ty-sofia-partial": "neutral",
    "ty-kwame-disagree": "disagree",
    "ty-marcus-noise": "agree",
    "ty-ben-lazy": "disagree",
}

# comment key -> (space-separated readers who agree, readers who disagree). Ben's comment is
# the well-argued dissent: more disagree than agree, yet its quality votes are decent.
DEMO_AGREEMENTS: dict[str, tuple[str, str]] = {
    "ty-sales-agree": (
        "sofia_lindqvist marcus-oyelaran dana_whitfield ellen_marsh",
        "kwame_asante",
    ),
    "ty-sofia-partial": ("helen_cho jordan_ames", "marcus-oyelaran"),
    "ty-kwame-disagree": (
        "ben_kowalski",
        "tomas_reyes marcus-oyelaran dana_whitfield noor_haddad",
    ),
    "ty-marcus-noise": ("tomas_reyes dana_whitfield noor_haddad jordan_ames", "ben_kowalski"),
    "ty-ben-lazy": ("kwame_asante", "tomas_reyes marcus-oyelaran noor_haddad dana_whitfield"),
}

# The post's author marks the comment that changed her mind (a delta).
DEMO_DELTAS: tuple[str, ...] = ("ty-sofia-partial",)
