"""Forms: fields, labels and the checks that need no database."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from board.domain import accounts
from board.models.post import TITLE_MAX


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
        "Title", validators=[InputRequired("Give the post a title."), Length(max=TITLE_MAX)]
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
    preview = SubmitField("Preview")
    submit = SubmitField("Publish")


class CommentForm(FlaskForm):
    body_markdown = TextAreaField(
        "Your comment",
        validators=[InputRequired("Write something before posting.")],
    )
    parent_id = HiddenField()
    submit = SubmitField("Post comment")


class VoteForm(FlaskForm):
    value = HiddenField()
