from django import forms

MAX_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        max_length=MAX_LENGTH,
        required=True,
        strip=True,
        help_text="Words from a theme, action, achievement, update, evidence, inspection, "
        'recommendation or committee paper. Put a phrase in quotes ("return home interviews"); '
        "put a minus before a word to leave it out.",
        error_messages={
            "required": "Enter words to search for",
            "max_length": f"Search for {MAX_LENGTH} characters or fewer",
        },
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )

    def clean_q(self):
        text = self.cleaned_data["q"]
        # Control characters can never match and would reach the database as they are.
        text = "".join(c for c in text if c.isprintable() or c == " ").strip()
        if not text:
            raise forms.ValidationError("Enter words to search for")
        return text
