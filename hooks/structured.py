"""schema.org data for the pages, as plain dicts: render.jsonld() makes them safe to embed."""

from __future__ import annotations

from . import urls
from .podcast import EpisodeEntry, Podcast


def podcast_series(podcast: Podcast, site_url: str) -> dict:
    show = podcast.show
    return {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": show.title,
        "description": show.description,
        "url": urls.absolute(site_url, urls.PODCAST),
        "image": urls.absolute(site_url, urls.podcast_cover(podcast.cover.data)),
        "inLanguage": show.language,
        **({"webFeed": urls.absolute(site_url, urls.podcast_feed())} if podcast.has_feed else {}),
        "author": {"@type": "Organization", "name": show.author},
    }


def podcast_episode(podcast: Podcast, entry: EpisodeEntry, site_url: str) -> dict:
    ep = entry.episode
    audio = urls.absolute(site_url, entry.audio_url) if entry.audio_file else ep.audio
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": ep.title,
        "description": ep.summary,
        "url": urls.absolute(site_url, entry.url),
        "datePublished": entry.published.date().isoformat(),
        **({"episodeNumber": ep.number} if ep.number is not None else {}),
        "timeRequired": f"PT{round(entry.audio.duration)}S",
        "inLanguage": podcast.show.language,
        "associatedMedia": {
            "@type": "MediaObject",
            "contentUrl": audio,
            "encodingFormat": entry.audio.mime,
            "contentSize": str(entry.audio.size),
        },
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": podcast.show.title,
            "url": urls.absolute(site_url, urls.PODCAST),
        },
    }
    if ep.season:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": ep.season}
    return data


def organization(campaign, site_url: str) -> dict:
    org = campaign.organisation
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": org.name,
        "url": org.website,
        "email": org.email,
        "telephone": org.phone,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": org.address.split(",")[0].strip(),
            "addressLocality": org.address.split(",")[-1].strip().split(" ", 2)[-1],
            "postalCode": " ".join(org.address.split(",")[-1].strip().split(" ")[:2]),
            "addressCountry": "NL",
        },
        "sameAs": [url for url in campaign.socials.values() if url],
    }


def article(entry, campaign, site_url: str, image: str) -> dict:
    story = entry.story
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title,
        "description": story.summary,
        "url": urls.absolute(site_url, entry.url),
        "datePublished": story.date.isoformat(),
        "inLanguage": "nl",
        "image": image,
        "about": [campaign.themes[t] for t in story.themes],
        "publisher": {
            "@type": "Organization",
            "name": campaign.organisation.name,
            "url": campaign.organisation.website,
        },
    }


def breadcrumbs(trail: list[tuple[str, str]], site_url: str) -> dict:
    """`trail` is [(name, site-relative url), ...] from the home page down to this page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": urls.absolute(site_url, url)}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }
