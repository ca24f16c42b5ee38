window.YTD.follower.part0 = [
  {
    "follower" : {
      "accountId" : "4100000002",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000002"
    }
  },
  {
    "follower" : {
      "accountId" : "4100000006",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000006"
    }
  },
  {
    "follower" : {
      "userLink" : "https://twitter.com/intent/user?user_id="
    }
  }
]