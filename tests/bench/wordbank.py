"""Word banks and sentence templates for the generated catalogue.

Each theme has its own programme names, problems, actions and measured results,
so a practice's text talks about what its themes say and a search for "housing"
matches the housing practices first (and others that mention it in passing).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeBank:
    programmes: tuple[str, ...]
    topics: tuple[str, ...]
    problems: tuple[str, ...]
    actions: tuple[str, ...]
    outcomes: tuple[tuple[str, str, int, int], ...]  # label, unit, lowest, highest


THEMES: dict[str, ThemeBank] = {
    "employment": ThemeBank(
        programmes=(
            "Job Mentoring Programme",
            "Career Bridge Internships",
            "Fast Track to Employment",
            "Recognition of Foreign Qualifications Desk",
            "Work Placement Scheme",
            "Employer Partnership for Skilled Newcomers",
        ),
        topics=("employment", "access to the labour market", "skilled jobs", "paid internships"),
        problems=(
            "qualified {group} often work far below their skills because employers do not "
            "recognise diplomas and experience gained abroad",
            "unemployment among {group} is two to three times that of other residents",
            "employers say they cannot find staff while {group} wait years for a first job",
        ),
        actions=(
            "pairs {group} with mentors from the same profession for six months",
            "places {group} in paid four-month internships with local employers",
            "assesses qualifications gained abroad and advises on bridging courses",
            "runs job fairs where employers interview candidates on the spot",
        ),
        outcomes=(
            ("participants employed within six months", "%", 35, 85),
            ("people placed in paid internships", "people", 40, 1500),
            ("employers taking part", "employers", 10, 400),
        ),
    ),
    "anti-discrimination": ThemeBank(
        programmes=(
            "Anti-Racism Action Plan",
            "Discrimination Reporting Centre",
            "Equal Treatment Charter",
            "Fair Recruitment Audit",
        ),
        topics=("anti-racism", "discrimination", "equal treatment", "hate crime"),
        problems=(
            "{group} report being refused jobs, flats and entry to clubs because of their "
            "name or skin colour",
            "most victims of discrimination never report it because they expect nothing to change",
        ),
        actions=(
            "opens a local office where residents can report racism and get legal advice",
            "tests employers and landlords with matched applications and publishes the results",
            "trains municipal staff to recognise and answer discrimination",
        ),
        outcomes=(
            ("complaints of discrimination handled", "complaints", 50, 2500),
            ("municipal staff trained", "people", 100, 5000),
        ),
    ),
    "citizenship-participation": ThemeBank(
        programmes=(
            "Citizenship Fund",
            "Residents' Participation Budget",
            "Newcomers' Advisory Council",
            "Citizenship Ceremony and Award",
        ),
        topics=("citizenship", "participation", "voting rights", "local democracy"),
        problems=(
            "few {group} vote in local elections or sit on neighbourhood boards",
            "residents without citizenship have no say in decisions that shape their district",
        ),
        actions=(
            "funds small plans that residents carry out themselves in their neighbourhood",
            "gives {group} a seat on an advisory council that the mayor must consult",
            "holds a yearly ceremony welcoming new citizens with their neighbours",
        ),
        outcomes=(
            ("residents' plans funded", "plans", 10, 600),
            ("turnout of foreign residents in local elections", "%", 15, 60),
        ),
    ),
    "social-cohesion": ThemeBank(
        programmes=(
            "Neighbourhood Welcome Network",
            "Good Neighbours Programme",
            "Community Bridges Initiative",
        ),
        topics=("social cohesion", "neighbourhood life", "community building", "volunteering"),
        problems=(
            "old and new residents of the district live side by side but rarely meet",
            "tensions rose in the neighbourhood after a reception centre opened",
        ),
        actions=(
            "trains volunteer hosts who welcome newcomers to the neighbourhood",
            "organises shared meals, sports and festivals in public squares",
        ),
        outcomes=(
            ("volunteers active", "volunteers", 20, 2000),
            ("neighbourhood events held", "events", 10, 500),
        ),
    ),
    "education": ThemeBank(
        programmes=(
            "School Welcome Classes",
            "Homework Support for Newcomer Children",
            "Parents in School Programme",
            "Bridging Course to University",
        ),
        topics=("education", "schools", "early childhood", "university access"),
        problems=(
            "children of {group} leave school early twice as often as their classmates",
            "parents who arrived recently find it hard to follow their children's schooling",
        ),
        actions=(
            "opens welcome classes that move pupils into regular classes within a year",
            "trains mothers as school mediators between teachers and families",
            "offers homework clubs run by university students",
        ),
        outcomes=(
            ("pupils in welcome classes", "pupils", 30, 3000),
            ("pupils who completed secondary school", "%", 50, 95),
        ),
    ),
    "language-skills": ThemeBank(
        programmes=(
            "Language Cafés",
            "Job-Related Language Courses",
            "Language Buddies",
            "Free Language Courses for Newcomers",
        ),
        topics=("language courses", "language learning", "literacy", "interpreting"),
        problems=(
            "waiting lists for language courses are long and classes rarely fit working hours",
            "{group} who speak little of the local language are cut off from services",
        ),
        actions=(
            "offers free language courses in the evening and at the weekend, with childcare",
            "matches learners with volunteer language buddies for conversation",
            "combines language lessons with practice at a workplace",
        ),
        outcomes=(
            ("learners who passed the language test", "%", 40, 90),
            ("course places offered each year", "places", 100, 8000),
        ),
    ),
    "housing": ThemeBank(
        programmes=(
            "Fair Housing Help Desk",
            "Shared Housing for Young Refugees",
            "Housing First for Newcomers",
            "Affordable Rental Guarantee",
        ),
        topics=("housing", "affordable homes", "tenants' rights", "homelessness"),
        problems=(
            "{group} are refused flats or pay high rents for overcrowded housing",
            "refugees stay in reception centres for months because no housing is available",
        ),
        actions=(
            "helps {group} find a flat and guarantees the deposit to landlords",
            "lets young refugees share flats with local students at a low rent",
            "advises tenants on their rights and mediates with landlords",
        ),
        outcomes=(
            ("households housed", "households", 20, 3000),
            ("tenants advised", "people", 100, 6000),
        ),
    ),
    "health-social-services": ThemeBank(
        programmes=(
            "Intercultural Health Mediators",
            "Trauma Care for Refugees",
            "One-Stop Social Services Desk",
        ),
        topics=("health care", "mental health", "social services", "health insurance"),
        problems=(
            "{group} rarely use preventive health care and reach doctors late",
            "many refugees live with untreated trauma",
        ),
        actions=(
            "trains health mediators who speak the languages of the district",
            "offers counselling with interpreters in community centres",
        ),
        outcomes=(
            ("people reached by health mediators", "people", 200, 20000),
            ("counselling sessions", "sessions", 100, 9000),
        ),
    ),
    "governance": ThemeBank(
        programmes=(
            "Integration Strategy",
            "Diversity in the City Administration",
            "Intercultural City Index Review",
        ),
        topics=("integration policy", "local government", "public administration"),
        problems=(
            "the city's departments each run their own projects without a shared goal",
            "few municipal staff come from migrant backgrounds",
        ),
        actions=(
            "sets shared goals for every department and reports on them each year",
            "reviews recruitment so the administration reflects the city it serves",
        ),
        outcomes=(
            ("staff from migrant backgrounds in the administration", "%", 5, 35),
            ("departments with an integration plan", "departments", 3, 40),
        ),
    ),
    "business-diversity": ThemeBank(
        programmes=(
            "Migrant Entrepreneurs' Support",
            "Diversity Charter for Employers",
            "Start-up Hub for Newcomers",
        ),
        topics=("entrepreneurship", "diversity management", "small business"),
        problems=(
            "{group} who start a business struggle to get loans and advice",
            "many employers want diverse teams but do not know where to start",
        ),
        actions=(
            "coaches would-be entrepreneurs and offers micro-loans",
            "asks employers to sign a diversity charter and reports on their progress",
        ),
        outcomes=(
            ("businesses started", "businesses", 10, 900),
            ("employers signing the charter", "employers", 20, 1200),
        ),
    ),
    "labour-migration": ThemeBank(
        programmes=(
            "Welcome Centre for International Workers",
            "Fair Recruitment Corridor",
            "Seasonal Workers' Rights Desk",
        ),
        topics=("labour migration", "migrant workers' rights", "recruitment"),
        problems=(
            "migrant workers pay recruitment fees and are tied to one employer",
            "new workers from abroad do not know their rights or where to ask",
        ),
        actions=(
            "informs migrant workers of their rights before and after they arrive",
            "checks recruitment agencies and publishes a list of fair ones",
        ),
        outcomes=(
            ("workers informed of their rights", "workers", 500, 40000),
            ("cases of unpaid wages resolved", "cases", 10, 1500),
        ),
    ),
    "human-rights": ThemeBank(
        programmes=(
            "Human Rights City Charter",
            "Legal Aid for Undocumented Residents",
            "Access to Justice Clinic",
        ),
        topics=("human rights", "legal aid", "access to justice"),
        problems=(
            "undocumented residents fear that asking for help will lead to deportation",
            "residents do not know which rights the city's charter gives them",
        ),
        actions=(
            "offers free, confidential legal advice in several languages",
            "lets every resident use city services whatever their status",
        ),
        outcomes=(
            ("people given legal advice", "people", 100, 8000),
            ("city services open to all residents", "services", 5, 60),
        ),
    ),
    "migration-development": ThemeBank(
        programmes=(
            "Diaspora Partnership Fund",
            "City-to-City Cooperation",
            "Remittances for Development",
        ),
        topics=("migration and development", "diaspora", "remittances", "co-development"),
        problems=("diaspora groups send money home but have few ways to invest it in projects",),
        actions=(
            "co-funds projects that diaspora associations run in their cities of origin",
            "links the city with partner cities for exchanges between officials",
        ),
        outcomes=(
            ("diaspora projects co-funded", "projects", 5, 300),
            ("officials taking part in exchanges", "officials", 10, 400),
        ),
    ),
    "intercultural-dialogue": ThemeBank(
        programmes=(
            "Intercultural Dialogue Festival",
            "Interfaith Council",
            "Living Library",
        ),
        topics=("intercultural dialogue", "interfaith dialogue", "culture"),
        problems=("prejudice grows where groups know each other only from the news",),
        actions=(
            "holds living-library events where residents borrow a person for a conversation",
            "brings faith communities together in a council that meets every month",
        ),
        outcomes=(
            ("visitors to dialogue events", "visitors", 300, 50000),
            ("communities represented on the council", "communities", 5, 40),
        ),
    ),
    "awareness-media": ThemeBank(
        programmes=(
            "Rumour Responders Campaign",
            "Diversity in Local Media",
            "I Am the City Campaign",
        ),
        topics=("awareness", "media", "public campaigns", "anti-rumour"),
        problems=("rumours about {group} spread quickly on social media and in the local press",),
        actions=(
            "trains volunteers to answer rumours with facts in everyday conversations",
            "runs a poster and video campaign with portraits of residents",
        ),
        outcomes=(
            ("people reached by the campaign", "people", 10000, 900000),
            ("anti-rumour agents trained", "people", 20, 1500),
        ),
    ),
}

GENERIC = ThemeBank(
    programmes=("Integration Programme", "Welcome Initiative", "Inclusion Project"),
    topics=("integration", "inclusion", "welcome"),
    problems=("{group} find it hard to take part fully in the life of the city",),
    actions=("brings the city, employers and civil society together around {topic}",),
    outcomes=(("people reached", "people", 50, 5000),),
)

GROUP_PHRASES = {
    "migrants": "migrants",
    "refugees": "refugees",
    "asylum-seekers": "asylum seekers",
    "skilled-immigrants": "skilled immigrants",
    "newcomers": "newcomers",
    "undocumented-migrants": "undocumented migrants",
    "migrant-workers": "migrant workers",
    "ethnic-minorities": "ethnic minority residents",
    "children-young-people": "young people of migrant background",
    "all-residents": "residents",
    "employers": "employers",
    "municipal-staff": "municipal staff",
}

TITLE_TEMPLATES = (
    "{programme}, {city}",
    "{city} {programme}",
    "{programme} for {group_title}",
    "{programme} in {city}",
    "{adjective} {programme}: {city}",
)

ADJECTIVES = ("New", "Integrated", "Community-led", "Regional", "Open", "Inclusive", "Local")

CONTEXT_TEMPLATES = (
    "In {city}, {problem}.",
    "When the programme began in {start}, {problem}.",
    "Surveys by {lead} showed that {problem}.",
    "Around {share} % of the residents of {city} were born abroad, and {problem}.",
    "The city's own figures showed that {problem}; earlier schemes on {topic} had "
    "reached few people.",
)

APPROACH_TEMPLATES = (
    "{lead} {action}.",
    "Together with {partner}, the programme {action}.",
    "Each year the team {action}.",
    "The scheme also {action}, with attention to {topic}.",
)

STEP_NAMES = ("Outreach", "Selection", "Support", "Follow-up", "Funding", "Partnership")

RESULT_TEMPLATES = (
    "An evaluation in {year} found that {number} {unit} had taken part.",
    "Participants said the programme helped most with {topic}.",
    "Since {start} the scheme has grown from one district to the whole of {city}.",
    "{partner} now runs part of the work with its own budget.",
    "The results were presented to the city council, which renewed the funding.",
)

LESSON_TEMPLATES = (
    "Working with {partner} gave the programme access to people the city rarely reaches.",
    "Clear goals agreed with employers and landlords made the results measurable.",
    "Reaching {group} takes trusted intermediaries, not only leaflets.",
    "Small budgets with few conditions let residents act on their own priorities.",
    "The approach can be copied by any city that can bring {topic} and {topic2} together.",
    "Staff turnover was the main risk; written procedures kept the work going.",
)

SUMMARY_TEMPLATES = (
    "{lead} {action} in {city}.",
    "The programme focuses on {topic} and {topic2} for {group}.",
    "It started in {start} and works with {partner}.",
    "Its aim is that {group} find their place in {city} faster.",
)

SOURCES = ("Annual report", "Evaluation report", "City council", "Programme website")
