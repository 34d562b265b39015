"""The example council motion, in the format Dutch councils use, built from the campaign data."""

from __future__ import annotations

from .campaign import Campaign


def motion(campaign: Campaign) -> str:
    figures = [f"- {f.value} {f.text} (bron: {f.source});" for f in campaign.figures]
    requests = [f"- {' '.join(p.request.split())}" for p in campaign.proposals]
    lines = [
        "MOTIE: Gezinshulp eerst",
        "",
        "Voorbeeldtekst van Het Vergeten Kind. Pas de tekst aan voor uw gemeente.",
        "",
        "De raad van de gemeente [naam gemeente], in vergadering bijeen op [datum],",
        "",
        "constaterende dat:",
        *figures,
        "",
        "overwegende dat:",
        "- kind en ouder van elkaar scheiden een traumatische gebeurtenis is, ook wanneer er terechte "
        "zorgen zijn over de ontwikkeling van een kind;",
        "- er volop kennis en ervaring is over wat werkt om kinderen veilig en zo thuis mogelijk te "
        "laten opgroeien, maar dat dit niet structureel wordt ingezet;",
        "- gemeenten financiële en organisatorische schotten kunnen wegnemen tussen jeugdhulp, schuldhulp, ggz en Wmo;",
        "",
        "verzoekt het college:",
        *requests,
        "",
        "en gaat over tot de orde van de dag.",
        "",
        "[naam raadslid], [partij]",
        "",
        f"Hulp bij een motie of amendement: {campaign.organisation.name}, {campaign.organisation.email}, "
        f"{campaign.organisation.phone}.",
    ]
    return "\n".join(lines) + "\n"
