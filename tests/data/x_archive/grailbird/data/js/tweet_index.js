var tweet_index =
[
  {
    "file_name" : "data/js/tweets/2014_03.js",
    "year" : 2014,
    "var_name" : "tweets_2014_03",
    "tweet_count" : 6,
    "month" : 3
  },
  {
    "file_name" : "data/js/tweets/2014_02.js",
    "year" : 2014,
    "var_name" : "tweets_2014_02",
    "tweet_count" : 1,
    "month" : 2
  }
]
