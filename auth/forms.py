from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from forms_base import AppForm


class LoginForm(AppForm):
    username = StringField("Nama pengguna", validators=[DataRequired(message="Nama pengguna wajib diisi."),
                                                        Length(max=60)])
    password = PasswordField("Kata sandi", validators=[DataRequired(message="Kata sandi wajib diisi.")])


class ChangePasswordForm(AppForm):
    current_password = PasswordField("Kata sandi saat ini",
                                     validators=[DataRequired(message="Kata sandi saat ini wajib diisi.")])
    new_password = PasswordField("Kata sandi baru", validators=[
        DataRequired(message="Kata sandi baru wajib diisi."),
        Length(min=10, max=128, message="Kata sandi baru minimal 10 karakter."),
    ])
    confirm = PasswordField("Ulangi kata sandi baru", validators=[
        DataRequired(message="Ulangi kata sandi baru."),
        EqualTo("new_password", message="Kedua kata sandi baru tidak sama."),
    ])
