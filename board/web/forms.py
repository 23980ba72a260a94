"""Forms: fields, labels and the checks that need no database."""

from __future__ import annotations

from flask import abort
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    EqualTo,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from board.domain import accounts
from board.domain import tags as tag_rules
from board.domain.moderation import (
    APPEAL_TEXT_MAX,
    MOD_NOTE_MAX,
    REASON_NOTE_MAX,
    REPORT_TEXT_MAX,
    SLOW_MODE_CHOICES,
    RemovalReason,
    ReportReason,
)
from board.domain.permissions import Role
from board.domain.stances import Stance
from board.models.post import TITLE_MAX
from board.services.search import SearchKind


class EmptyForm(FlaskForm):
    """A button that changes state: it carries only the CSRF token."""


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[InputRequired("Choose a username."), Length(max=accounts.USERNAME_MAX_LENGTH)],
        description=accounts.USERNAME_RULE,
    )
    display_name = StringField(
        "Your name",
        validators=[
            InputRequired("Enter the name people will see."),
            Length(max=accounts.DISPLAY_NAME_MAX),
        ],
    )
    headline = StringField(
        "Headline",
        validators=[Optional(), Length(max=accounts.HEADLINE_MAX)],
        description="One line under your name, e.g. “Product designer at a health start-up”.",
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Choose a password.")],
        description=f"At least {accounts.PASSWORD_MIN_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            InputRequired("Repeat the password."),
            EqualTo("password", "The two passwords differ."),
        ],
    )
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[InputRequired("Enter your username.")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()
    submit = SubmitField("Sign in")


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[InputRequired("Enter your current password.")]
    )
    new_password = PasswordField(
        "New password",
        validators=[InputRequired("Choose a new password.")],
        description=f"At least {accounts.PASSWORD_MIN_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            InputRequired("Repeat the new password."),
            EqualTo("new_password", "The two passwords differ."),
        ],
    )
    submit = SubmitField("Change password")


class ProfileForm(FlaskForm):
    display_name = StringField(
        "Your name",
        validators=[
            InputRequired("Enter the name people will see."),
            Length(max=accounts.DISPLAY_NAME_MAX),
        ],
    )
    headline = StringField("Headline", validators=[Optional(), Length(max=accounts.HEADLINE_MAX)])
    bio_markdown = TextAreaField(
        "About you",
        validators=[Optional()],
        description="Shown on your profile and under your posts. Markdown works.",
    )
    avatar = FileField("Photo", description="JPEG, PNG, WebP or GIF, up to 5 MB.")
    remove_avatar = BooleanField("Remove my photo")
    submit = SubmitField("Save profile")


class PostForm(FlaskForm):
    title = StringField(
        "Title",
        validators=[
            InputRequired("Give the post a title."),
            Length(max=TITLE_MAX, message=f"Use at most {TITLE_MAX} characters."),
        ],
    )
    body_markdown = TextAreaField(
        "Your post",
        # No maxlength: a browser would silently cut a pasted essay; the service says how much over.
        validators=[InputRequired("Write the post before publishing it.")],
        description="Markdown: **bold**, *italic*, [links](https://…), > quotes, lists, tables.",
    )
    cover = FileField("Cover photo", description="Optional. JPEG, PNG, WebP or GIF, up to 5 MB.")
    # A cover already uploaded with this form (on preview or a failed submit), so it is not lost.
    kept_cover = HiddenField()
    remove_cover = BooleanField("Remove the cover photo")
    # Choices (the curated tags) are set by the view; the service checks how many and which.
    tag_ids = SelectMultipleField(
        "Tags",
        coerce=int,
        validate_choice=False,
        description=f"Choose 1 to {tag_rules.MAX_PER_POST} topics readers follow.",
    )
    preview = SubmitField("Preview")
    save_draft = SubmitField("Save draft")
    submit = SubmitField("Publish")


class CommentForm(FlaskForm):
    body_markdown = TextAreaField(
        "Your comment",
        validators=[InputRequired("Write something before posting.")],
    )
    parent_id = HiddenField()
    # Only on comments on the post itself (the templates show it there); replies take no side.
    stance = RadioField(
        "Your side (optional)",
        choices=[
            SelectChoice(Stance.NONE.value, "No side"),
            *(SelectChoice(side.value, side.value.capitalize()) for side in Stance.sides()),
        ],
        default=Stance.NONE.value,
    )
    submit = SubmitField("Post comment")


class VoteForm(FlaskForm):
    value = HiddenField()


def posted_mark() -> int:
    """Return the +1, -1 or 0 a vote or agreement button posted; anything else is a 400."""
    # CSRFProtect checked the token before the view ran, and this form is never shown again,
    # so it makes no token of its own: an HMAC saved on the busiest write there is.
    raw = (VoteForm(meta={"csrf": False}).value.data or "").strip()
    if raw not in {"1", "-1", "0"}:
        abort(400)
    return int(raw)


# Reports: a member flags a post or comment for the moderators.
class ReportForm(FlaskForm):
    reason = RadioField(
        "Why should a moderator look at this?",
        choices=[SelectChoice(reason.value, reason.label) for reason in ReportReason],
        validators=[InputRequired("Choose a reason.")],
    )
    text = TextAreaField(
        "Anything the moderators should know",
        validators=[
            Optional(),
            Length(max=REPORT_TEXT_MAX, message=f"Use at most {REPORT_TEXT_MAX} characters."),
        ],
        description=f"Up to {REPORT_TEXT_MAX} characters; required when the reason is Other.",
    )
    submit = SubmitField("Send report")


# Appeals: the person an action concerns asks once; another moderator decides.
class AppealForm(FlaskForm):
    text = TextAreaField(
        "Why should the decision change?",
        validators=[
            InputRequired("Say why the decision should change."),
            Length(max=APPEAL_TEXT_MAX, message=f"Use at most {APPEAL_TEXT_MAX:,} characters."),
        ],
        description=f"Up to {APPEAL_TEXT_MAX:,} characters. You can appeal only once.",
    )
    submit = SubmitField("Send appeal")


class AppealDecisionForm(FlaskForm):
    decision = RadioField(
        "Decision",
        choices=[
            SelectChoice("uphold", "Uphold: the action stands"),
            SelectChoice("reverse", "Reverse: undo the action"),
        ],
        validators=[InputRequired("Choose to uphold or reverse.")],
    )
    note = TextAreaField(
        "Note for the log",
        validators=[
            Optional(),
            Length(max=REASON_NOTE_MAX, message=f"Use at most {REASON_NOTE_MAX} characters."),
        ],
    )
    submit = SubmitField("Decide")


# Moderator tools (board/web/moderation.py).


class ReturnForm(FlaskForm):
    """A moderator's button that may send them back where they came from (e.g. the queue)."""

    next = HiddenField()


class ModerationNoteForm(ReturnForm):
    note = TextAreaField(
        "Note",
        validators=[
            Optional(),
            Length(max=REASON_NOTE_MAX, message=f"Use at most {REASON_NOTE_MAX} characters."),
        ],
        description="Optional; shown in the public moderation log.",
    )


class RemovalForm(ModerationNoteForm):
    reason = SelectField(
        "Reason",
        choices=[SelectChoice(reason.value, reason.label.capitalize()) for reason in RemovalReason],
        validators=[InputRequired("Choose a reason.")],
    )
    submit = SubmitField("Remove")


class LockForm(ReturnForm):
    reason = TextAreaField(
        "Reason",
        validators=[
            InputRequired("Say why, so readers know what happened."),
            Length(max=REASON_NOTE_MAX, message=f"Use at most {REASON_NOTE_MAX} characters."),
        ],
        description="Shown in the banner above the locked thread and in the public log.",
    )
    submit = SubmitField("Lock")


def _slow_mode_label(minutes: int) -> str:
    if not minutes:
        return "Off"
    return f"One comment per person every {minutes} minute{'s' if minutes != 1 else ''}"


class SlowModeForm(FlaskForm):
    minutes = SelectField(
        "Slow mode",
        coerce=int,
        choices=[SelectChoice(minutes, _slow_mode_label(minutes)) for minutes in SLOW_MODE_CHOICES],
    )
    submit = SubmitField("Save")


class SpeakForm(ReturnForm):
    on = HiddenField()


class MemberNoteForm(FlaskForm):
    text = TextAreaField(
        "Private note",
        validators=[
            InputRequired("Write the note."),
            Length(max=MOD_NOTE_MAX, message=f"Use at most {MOD_NOTE_MAX:,} characters."),
        ],
        description="Only moderators see notes.",
    )
    submit = SubmitField("Add note")


def _days_unless_ban(form: FlaskForm, field: IntegerField) -> None:
    # A ban has no length: ignore whatever the days box holds. A suspension needs one.
    if form.kind.data == "ban":
        field.errors = []
        raise StopValidation()
    if field.data is None:
        field.errors = []  # say what is needed rather than "Not a valid integer value."
        raise ValidationError("Give the length in days, from 1 to 365.")


class SanctionForm(FlaskForm):
    kind = SelectField(
        "Sanction",
        choices=[SelectChoice("suspend", "Suspend"), SelectChoice("ban", "Ban permanently")],
    )
    days = IntegerField("Days", validators=[_days_unless_ban], description="From 1 to 365.")
    reason = TextAreaField(
        "Reason",
        validators=[
            InputRequired("Give the reason; the member will see it."),
            Length(max=REASON_NOTE_MAX, message=f"Use at most {REASON_NOTE_MAX} characters."),
        ],
        description="The member sees this reason on every page until the sanction ends.",
    )
    submit = SubmitField("Apply sanction")


class RoleForm(FlaskForm):
    role = SelectField(
        "Role", choices=[SelectChoice(role.value, role.value.capitalize()) for role in Role]
    )
    submit = SubmitField("Change role")


_BAD_DATE = "Enter a date like 2026-03-01."


class SearchForm(FlaskForm):
    """The search page's words and filters, read from the query string."""

    class Meta:
        csrf = False  # a GET form that changes nothing; its URLs are meant to be shared

    q = StringField("Search for")
    kind = SelectField(
        "Show",
        choices=[
            SelectChoice(SearchKind.ALL.value, "Posts and comments"),
            SelectChoice(SearchKind.POSTS.value, "Posts only"),
            SelectChoice(SearchKind.COMMENTS.value, "Comments only"),
        ],
        default=SearchKind.ALL.value,
    )
    author = StringField("Author", description="A username, e.g. ada.")
    tag = StringField("Tag", description="A tag as in its address, e.g. economics.")
    # type="date": browsers show a picker; others may type the date by hand.
    since = DateField("From", [Optional()], invalid_value_message=_BAD_DATE)
    until = DateField("Until", [Optional()], invalid_value_message=_BAD_DATE)


# Tags and follows.
class TagForm(FlaskForm):
    """Add a curated tag, or rename and describe one (the service checks the values)."""

    slug = StringField(
        "Address", description=f"{tag_rules.SLUG_RULE}; it cannot change once the tag exists."
    )
    name = StringField("Name", validators=[Length(max=tag_rules.NAME_MAX)])
    description = TextAreaField(
        "Description",
        validators=[Optional(), Length(max=tag_rules.DESCRIPTION_MAX)],
        description="Shown on the tag's page: what belongs under it.",
    )
    submit = SubmitField("Save tag")


class FollowForm(ReturnForm):
    on = HiddenField()  # "1" to follow, "0" to stop


# Debate: deltas, thread mutes and notification settings.
class ToggleForm(ReturnForm):
    """A button that turns one thing on ("1") or off ("0"): a delta, a thread mute."""

    on = HiddenField()


class NotificationSettingsForm(FlaskForm):
    """One checkbox per kind of notification a person may turn off; ticked means "tell me"."""

    reply_to_post = BooleanField("Someone comments on my post")
    reply_to_comment = BooleanField("Someone replies to my comment")
    mention = BooleanField("Someone mentions me with @username")
    delta = BooleanField("A post's author says my comment changed their mind (Δ)")
    submit = SubmitField("Save settings")
