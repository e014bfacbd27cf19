"""Words of sign-in and roles."""

TEXTS = {
    "access.sign_in": ("Sign in", "Anmelden"),
    "access.login": ("Login", "Benutzername"),
    "access.password": ("Password", "Passwort"),
    "access.wrong": (
        "Login or password is wrong. Try again, or ask whoever runs the dashboard to check your "
        "entry in .streamlit/secrets.toml.",
        "Benutzername oder Passwort ist falsch. Versuchen Sie es erneut, oder bitten Sie, wer "
        "das Dashboard betreibt, Ihren Eintrag in .streamlit/secrets.toml zu prüfen.",
    ),
    "access.config_error": (
        "Sign-in is set up wrongly, so the dashboard stays closed: {error}",
        "Die Anmeldung ist falsch eingerichtet, daher bleibt das Dashboard geschlossen: {error}",
    ),
    "access.signed_in": ("Signed in: {name} ({role})", "Angemeldet: {name} ({role})"),
    "access.sign_out": ("Sign out", "Abmelden"),
    "access.page_not_for_role": (
        "This page shows the data of every account; as {role} you see your own accounts on the "
        "other pages.",
        "Diese Seite zeigt die Daten aller Kunden; als {role} sehen Sie Ihre eigenen Kunden auf "
        "den anderen Seiten.",
    ),
    "access.read_only": (
        "You are signed in as {role}: you can look, but changes here are for other roles.",
        "Sie sind als {role} angemeldet: Sie können alles ansehen, Änderungen hier nehmen "
        "andere Rollen vor.",
    ),
    "access.role.leadership": ("leadership", "Vertriebsleitung"),
    "access.role.controlling": ("controlling", "Controlling"),
    "access.role.key_account_manager": ("key-account manager", "Key-Account-Manager"),
    "access.role.analyst": ("analyst", "Analyst"),
}
