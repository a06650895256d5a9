from django import template

from practices.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """`{{ practice.approach|markdown }}`: sanitised HTML from Markdown."""
    return render_markdown(text)
