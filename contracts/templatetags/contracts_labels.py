"""Template filters that put Danish names on a contract's keys (contracts.labels)."""

from django import template

from contracts import labels

register = template.Library()


@register.filter
def named(key, names: dict):
    """`{{ party_id|named:names }}`: the name of a key in a dict of names (the key itself if absent)."""
    return (names or {}).get(key, key)


@register.filter
def rule_name(key: str) -> str:
    return labels.rule(key)


@register.filter
def input_name(key: str) -> str:
    return labels.model_input(key)


@register.filter
def figure_name(key: str) -> str:
    return labels.figure(key)
