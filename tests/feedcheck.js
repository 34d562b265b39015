// Reads podcast feeds with two parsers the Python tests do not use: Podcast Index's own
// (podcast-partytime) and rss-parser. Prints, per file, what each understood, as JSON.
"use strict";
const fs = require("fs");
process.env.PARTYTIME_LOG = process.env.PARTYTIME_LOG || "silent";
const pt = require("podcast-partytime");
const Parser = require("rss-parser");

async function main() {
  const out = {};
  const rss = new Parser({ customFields: { item: [["itunes:duration", "duration"], ["itunes:episodeType", "episodeType"]] } });
  for (const file of process.argv.slice(2)) {
    const xml = fs.readFileSync(file, "utf8");
    const feed = pt.parseFeed(xml, { allowMissingGuid: false });
    const other = await rss.parseString(xml);
    out[file] = {
      partytime: feed && {
        title: feed.title,
        guid: feed.guid,
        locked: feed.locked,
        owner: feed.podcastOwner,
        pc20support: feed.pc20support,
        trailers: (feed.trailers || []).map((t) => ({ url: t.url, title: t.title, season: t.season })),
        items: feed.items.map((i) => ({
          guid: i.guid,
          title: i.title,
          pubDate: i.pubDate && i.pubDate.toISOString(),
          duration: i.duration,
          enclosure: i.enclosure,
          episodeType: i.itunesEpisodeType,
          season: i.itunesSeason,
          episode: i.itunesEpisode,
          explicit: i.explicit,
          transcripts: (i.podcastTranscripts || []).map((t) => ({ url: t.url, type: t.type })),
          chapters: i.podcastChapters ? { url: i.podcastChapters.url, type: i.podcastChapters.type } : null,
          people: (i.podcastPeople || []).map((p) => ({ name: p.name, role: p.role })),
        })),
      },
      rssParser: {
        title: other.title,
        items: other.items.map((i) => ({ guid: i.guid, title: i.title, enclosure: i.enclosure, duration: i.duration, episodeType: i.episodeType })),
      },
    };
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
