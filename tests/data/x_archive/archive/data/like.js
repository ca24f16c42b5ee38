window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "1762000000000000077",
      "fullText" : "@MiraOkafor welcome back!",
      "expandedUrl" : "https://twitter.com/i/web/status/1762000000000000077"
    }
  },
  {
    "like" : {
      "tweetId" : "1762000000000000066",
      "expandedUrl" : "https://twitter.com/i/web/status/1762000000000000066"
    }
  }
]