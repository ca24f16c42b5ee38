window.YTD.block.part0 = [
  {
    "blocking" : {
      "accountId" : "4100000050",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000050"
    }
  },
  {
    "blocking" : {
      "accountId" : "4100000051",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000051"
    }
  },
  {
    "block" : {
      "accountId" : "4100000052"
    }
  },
  {
    "blocking" : {
      "userLink" : "https://twitter.com/intent/user?user_id="
    }
  },
  {
    "blocking" : {
      "accountId" : "4100000001",
      "userLink" : "https://twitter.com/intent/user?user_id=4100000001"
    }
  }
]
