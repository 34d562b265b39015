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
        "image": urls.absolute(site_url, urls.podcast_cover()),
        "inLanguage": show.language,
        "webFeed": urls.absolute(site_url, urls.podcast_feed()),
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
        "episodeNumber": ep.number,
        "timeRequired": f"PT{round(entry.audio.duration)}S",
        "inLanguage": podcast.show.language,
        "associatedMedia": {"@type": "MediaObject", "contentUrl": audio, "encodingFormat": entry.audio.mime,
                            "contentSize": str(entry.audio.size)},
        "partOfSeries": {"@type": "PodcastSeries", "name": podcast.show.title,
                         "url": urls.absolute(site_url, urls.PODCAST)},
    }
    if ep.season:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": ep.season}
    return data
